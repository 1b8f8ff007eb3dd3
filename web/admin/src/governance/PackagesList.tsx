import { Button, Field, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { Link, navigate } from '../app/router';
import { useLocale } from '../i18n';
import { PageHeader, useCommonStyles } from '../shell/common';
import { ListFooter, useDebounced, usePagedList, useServerSort } from '../shell/paged';
import { odataString } from '../users/users-api';
import { EM, type AccessPackage } from './em';

/** Access packages: searched (contains in the name) and paged by the server, in the one order the API keeps (by name). */
export function PackagesList() {
  const { t, formatDate } = useLocale();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const { header } = useServerSort<'displayName'>({ displayName: 'asc' }, { key: 'displayName', descending: false });
  const list = usePagedList<AccessPackage>(`${EM}/accessPackages`, { $top: '25', $orderby: 'displayName', $filter: term ? `contains(displayName,${odataString(term)})` : undefined }, [term]);
  return (
    <>
      <PageHeader title={t.packagesTitle}>
        <Button appearance="primary" onClick={() => navigate('access-packages/new')}>
          {t.newPackage}
        </Button>
      </PageHeader>
      <div className={s.toolbar} role="search">
        <Field label={t.searchPackages}>
          <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
        </Field>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.packagesTitle} size="small">
          <TableHeader>
            <TableRow>
              {header('displayName', t.packageName)}
              <TableHeaderCell>{t.packageDescription}</TableHeaderCell>
              <TableHeaderCell>{t.colCreated}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((p) => (
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
      <ListFooter state={list} empty={term ? t.noMatches : t.noPackages} />
    </>
  );
}
