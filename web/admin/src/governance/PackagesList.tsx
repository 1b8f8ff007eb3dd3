import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useAccess } from '../app/access';
import { Link, navigate } from '../app/router';
import { useLocale } from '../i18n';
import { ErrorBar, Loading, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { EM, type AccessPackage } from './em';

export function PackagesList() {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const list = useLoad(() => api.api(`${EM}/accessPackages`).top(100).get() as Promise<{ value: AccessPackage[] }>, []);
  return (
    <>
      <PageHeader title={t.packagesTitle}>
        <Button appearance="primary" onClick={() => navigate('access-packages/new')}>
          {t.newPackage}
        </Button>
      </PageHeader>
      {list.error ? <ErrorBar error={list.error} onReload={list.reload} /> : null}
      {!list.data ? (
        list.loading ? <Loading /> : null
      ) : list.data.value.length === 0 ? (
        <p>{t.noPackages}</p>
      ) : (
        <div className={s.tableWrap}>
          <Table aria-label={t.packagesTitle} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.packageName}</TableHeaderCell>
                <TableHeaderCell>{t.packageDescription}</TableHeaderCell>
                <TableHeaderCell>{t.colCreated}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.value.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>
                    <Link to={`access-packages/${p.id}`}>{p.displayName}</Link>
                  </TableCell>
                  <TableCell>{p.description ?? ''}</TableCell>
                  <TableCell>{formatDate(p.createdDateTime)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
