import { Button, Field, Input, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { ConfirmDialog, ErrorBar, Notice, PageHeader, useCommonStyles } from '../shell/common';
import { ListFooter, useDebounced, usePagedList, useServerSort } from '../shell/paged';
import { odataString } from '../users/users-api';
import { EM } from './em';

type IdentitySource = { '@odata.type': string; domainName?: string; tenantId?: string; displayName?: string };
type ConnectedOrganization = { id: string; displayName: string; description?: string; state: string; identitySources: IdentitySource[]; createdDateTime?: string };

const sourceText = (s: IdentitySource) => s.domainName ?? s.tenantId ?? '';

/** Connected organizations: the partners whose people may request access packages; add by domain, remove with confirmation. */
export function ConnectedOrganizations() {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  // The API keeps one order, by name: the name column shows it and does not toggle.
  const { header } = useServerSort<'displayName'>({ displayName: 'asc' }, { key: 'displayName', descending: false });
  const list = usePagedList<ConnectedOrganization>(`${EM}/connectedOrganizations`, { $top: '25', $orderby: 'displayName', $filter: term ? `startsWith(displayName,${odataString(term)})` : undefined }, [term]);
  const [name, setName] = useState('');
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState('');
  const [removing, setRemoving] = useState<ConnectedOrganization | undefined>();
  const add = async () => {
    setError(undefined);
    try {
      await api.api(`${EM}/connectedOrganizations`).post({
        displayName: name.trim(),
        state: 'configured',
        identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: domain.trim(), displayName: domain.trim() }],
      });
      setNotice(t.connectedOrganizationAdded(name.trim()));
      setName('');
      setDomain('');
      list.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  const remove = async (o: ConnectedOrganization) => {
    setRemoving(undefined);
    setError(undefined);
    try {
      await api.api(`${EM}/connectedOrganizations/${o.id}`).delete();
      setNotice(t.connectedOrganizationRemoved(o.displayName));
      list.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={t.connectedOrganizationsTitle} />
      <div className={s.stack}>
        <form
          className={s.card}
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h2 className={s.h2}>{t.addConnectedOrganization}</h2>
          <Field label={t.colName} required>
            <Input value={name} onChange={(_, d) => setName(d.value)} />
          </Field>
          <Field label={t.domainName} required hint={t.domainNameHint}>
            <Input value={domain} onChange={(_, d) => setDomain(d.value)} />
          </Field>
          <div>
            <Button appearance="primary" type="submit" disabled={!name.trim() || !domain.trim()}>
              {t.add}
            </Button>
          </div>
        </form>
        {notice ? <Notice>{notice}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={list.reload} /> : null}
        <div className={s.toolbar} role="search">
          <Field label={t.searchConnectedOrganizations}>
            <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
          </Field>
        </div>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.connectedOrganizationsTitle} size="small">
          <TableHeader>
            <TableRow>
              {header('displayName', t.colName)}
              <TableHeaderCell>{t.identitySources}</TableHeaderCell>
              <TableHeaderCell>{t.colState}</TableHeaderCell>
              <TableHeaderCell>{t.colCreated}</TableHeaderCell>
              <TableHeaderCell>{t.colActions}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((o) => (
              <TableRow key={o.id}>
                <TableCell>{o.displayName}</TableCell>
                <TableCell>{o.identitySources.map(sourceText).join(', ')}</TableCell>
                <TableCell>{t.organizationState(o.state)}</TableCell>
                <TableCell>{formatDate(o.createdDateTime)}</TableCell>
                <TableCell>
                  <Button size="small" onClick={() => setRemoving(o)} aria-label={t.removeNamed(o.displayName)}>
                    {t.remove}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={t.noConnectedOrganizations} />
      <ConfirmDialog
        open={!!removing}
        title={t.removeConnectedOrganizationTitle}
        body={removing ? t.removeConnectedOrganizationBody(removing.displayName) : ''}
        confirm={t.remove}
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(undefined)}
      />
    </>
  );
}
