import { describe, expect, it } from 'vitest';
import { compiledInfra, compilerTestsRun, customerFiles, SNAPSHOT_LOCATION, snapshotResourceGroup } from './bicep';

const compiler = compilerTestsRun();

/**
 * "What-if" without Azure: the resources each customer's parameter file deploys (type and name, in
 * a fixed subscription and `rg-gatehouse-<customer>`), compared with the committed list in
 * what-if/<customer>.txt. A change that renames or drops a resource makes Azure create a new one
 * and leave (or, in complete mode, delete) the old: for the storage account that is the directory.
 * If the change is intended, review the diff and update the file:
 *   npx vitest run test/infra/compiler/what-if.test.ts -u
 */
describe.skipIf(!compiler.run)('what-if without Azure', { timeout: 600_000 }, () => {
  it.each(customerFiles().map((f) => f.replace(/\.bicepparam$/, '')))('when customers/%s.bicepparam is deployed, then exactly the expected resources are created, with the expected names', async (customer) => {
    const build = (await compiledInfra()).customers.find((c) => c.customer === customer);
    expect(build, `customers/${customer}.bicepparam was not compiled`).toBeDefined();
    const lines = build!.predicted.map((r) => `${r.type} ${r.name}`).sort();
    const header = [`# resource group ${snapshotResourceGroup(customer)}, ${SNAPSHOT_LOCATION}, ${lines.length} resources`];
    await expect([...header, ...lines, ''].join('\n')).toMatchFileSnapshot(`./what-if/${customer}.txt`);
  });
});
