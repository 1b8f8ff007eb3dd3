import { resourcesOfType } from '../bicep/facts';
import { evaluate, valueAt, type Declarations, type Resource } from '../bicep/model';
import { where } from '../bicep/parse';
import { loadInfra, violation, type Violation } from './violation';

/** Literal values the Flex Consumption Function App must declare (REFERENCE §8). */
const SITE_REQUIREMENTS: Record<string, string | boolean> = {
  kind: 'functionapp,linux',
  'properties.httpsOnly': true,
  'properties.functionAppConfig.runtime.name': 'node',
  'properties.functionAppConfig.runtime.version': '20',
  'properties.functionAppConfig.deployment.storage.type': 'blobContainer',
  'properties.functionAppConfig.deployment.storage.authentication.type': 'UserAssignedIdentity',
};

const PLAN_REQUIREMENTS: Record<string, string> = { 'sku.name': 'FC1', 'sku.tier': 'FlexConsumption' };

/** Per-customer sizing stays a parameter, never a literal buried in a module. */
const SITE_PARAMETERS = ['properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB', 'properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount'];

function requireLiterals(r: Resource, d: Declarations, wanted: Record<string, string | boolean>, out: Violation[]): void {
  for (const [path, expected] of Object.entries(wanted)) {
    const node = valueAt(r.body, path);
    if (evaluate(node, d, new Map()) !== expected) {
      out.push(violation('function-app', where(r.file, node ?? r.node), `${r.symbol}: ${path} must be ${JSON.stringify(expected)} (is ${node?.text ?? 'not set'})`));
    }
  }
}

/** One Function App on a Flex Consumption (FC1) plan, Node 20, sized by parameters, deployed with the identity. */
export async function checkFunctionApp(dir: string): Promise<Violation[]> {
  const { decls } = await loadInfra(dir);
  const out: Violation[] = [];
  const sites = resourcesOfType(decls, 'Microsoft.Web/sites');
  const plans = resourcesOfType(decls, 'Microsoft.Web/serverfarms');
  if (sites.length !== 1) out.push(violation('function-app', dir, `expected one Microsoft.Web/sites, found ${sites.length}`));
  if (plans.length !== 1) out.push(violation('function-app', dir, `expected one Microsoft.Web/serverfarms, found ${plans.length}`));
  for (const plan of plans) requireLiterals(plan, decls.find((d) => d.file === plan.file)!, PLAN_REQUIREMENTS, out);
  for (const site of sites) {
    const d = decls.find((x) => x.file === site.file)!;
    requireLiterals(site, d, SITE_REQUIREMENTS, out);
    for (const path of SITE_PARAMETERS) {
      const node = valueAt(site.body, path);
      if (node?.type !== 'identifier' || !d.params.has(node.text)) {
        out.push(violation('function-app', where(site.file, node ?? site.node), `${site.symbol}: ${path} must come from a parameter`));
      }
    }
  }
  return out;
}
