import { Button, Field, Input, SearchBox, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { apiError, type ApiError } from '../api/graph';
import { useAccess } from '../app/access';
import { Link } from '../app/router';
import { useLocale } from '../i18n';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { ConfirmDialog, ErrorBar, Loading, Notice, PageHeader, useCommonStyles, useLoad } from '../shell/common';
import { ListFooter, useDebounced, usePagedList, useServerSort } from '../shell/paged';
import { odataString } from '../users/users-api';
import { EM, type AccessPackage, type Catalog } from './em';

type CatalogRow = Catalog & { description?: string | null; createdDateTime?: string | null };
type Resource = { id: string; displayName: string; originId: string; originSystem: string; createdDateTime?: string | null };

/** Catalogs: the list (searched and paged by the server, by name as the API keeps it), a new catalog, and one catalog's resources and packages. */
export function Catalogs({ id }: { id?: string | undefined }) {
  return id ? <CatalogDetails id={id} /> : <CatalogsList />;
}

function CatalogsList() {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search);
  const { header } = useServerSort<'displayName'>({ displayName: 'asc' }, { key: 'displayName', descending: false });
  const list = usePagedList<CatalogRow>(`${EM}/catalogs`, { $top: '25', $orderby: 'displayName', $filter: term ? `contains(displayName,${odataString(term)})` : undefined }, [term]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [external, setExternal] = useState(true);
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState('');
  const add = async () => {
    setError(undefined);
    setNotice('');
    try {
      await api.api(`${EM}/catalogs`).post({ displayName: name.trim(), description: description.trim(), state: 'published', isExternallyVisible: external });
      setNotice(t.catalogCreated(name.trim()));
      setName('');
      setDescription('');
      list.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  return (
    <>
      <PageHeader title={t.catalogsTitle} />
      <div className={s.stack}>
        <form
          className={s.card}
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h2 className={s.h2}>{t.newCatalogTitle}</h2>
          <Field label={t.colName} required>
            <Input value={name} onChange={(_, d) => setName(d.value)} />
          </Field>
          <Field label={t.colDescription}>
            <Textarea value={description} onChange={(_, d) => setDescription(d.value)} />
          </Field>
          <Switch label={t.catalogExternal} checked={external} onChange={(_, d) => setExternal(d.checked)} />
          <div>
            <Button appearance="primary" type="submit" disabled={!name.trim()}>
              {t.create}
            </Button>
          </div>
        </form>
        {notice ? <Notice>{notice}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={list.reload} /> : null}
        <div className={s.toolbar} role="search">
          <Field label={t.searchCatalogs}>
            <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
          </Field>
        </div>
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.catalogsTitle} size="small">
          <TableHeader>
            <TableRow>
              {header('displayName', t.colName)}
              <TableHeaderCell>{t.colDescription}</TableHeaderCell>
              <TableHeaderCell>{t.catalogExternalColumn}</TableHeaderCell>
              <TableHeaderCell>{t.colCreated}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  <Link to={`catalogs/${c.id}`}>{c.displayName}</Link>
                </TableCell>
                <TableCell>{c.description ?? ''}</TableCell>
                <TableCell>{c.isExternallyVisible ? t.yes : t.no}</TableCell>
                <TableCell>{formatDate(c.createdDateTime)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={term ? t.noMatches : t.noCatalogs} />
    </>
  );
}

function CatalogDetails({ id }: { id: string }) {
  const { t, formatDate } = useLocale();
  const { api } = useAccess();
  const s = useCommonStyles();
  const catalog = useLoad(() => api.api(`${EM}/catalogs/${id}`).get() as Promise<CatalogRow>, [id]);
  const resources = usePagedList<Resource>(`${EM}/catalogs/${id}/resources`, { $top: '25' }, [id]);
  const packages = usePagedList<AccessPackage>(`${EM}/catalogs/${id}/accessPackages`, { $top: '25', $orderby: 'displayName' }, [id]);
  const { header } = useServerSort<'displayName'>({ displayName: 'asc' }, { key: 'displayName', descending: false });
  const [group, setGroup] = useState<Picked | undefined>();
  const [removing, setRemoving] = useState<Resource | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState('');
  const change = async (requestType: 'adminAdd' | 'adminRemove', originId: string, name: string) => {
    setError(undefined);
    setNotice('');
    try {
      await api.api(`${EM}/resourceRequests`).post({ requestType, resource: { originId, originSystem: 'AadGroup' }, catalog: { id } });
      setNotice(requestType === 'adminAdd' ? t.resourceAdded(name) : t.resourceRemoved(name));
      resources.reload();
    } catch (e) {
      setError(apiError(e));
    }
  };
  if (catalog.error) return <ErrorBar error={catalog.error} onReload={catalog.reload} />;
  if (!catalog.data) return <Loading />;
  return (
    <>
      <PageHeader title={catalog.data.displayName} />
      <p>
        <Link to="catalogs">{t.backToCatalogs}</Link>
      </p>
      {catalog.data.description ? <p>{catalog.data.description}</p> : null}
      <div className={s.stack}>
        <h2 className={s.h2}>{t.catalogResources}</h2>
        <div className={s.toolbar}>
          <ObjectPicker label={t.groupToAdd} path="/groups" value={group} onChange={setGroup} placeholder={t.managerSearch} />
          <Button
            appearance="primary"
            disabled={!group}
            onClick={() => {
              const g = group!;
              setGroup(undefined);
              void change('adminAdd', g.id, g.displayName);
            }}
          >
            {t.addResource}
          </Button>
        </div>
        {notice ? <Notice>{notice}</Notice> : null}
        {error ? <ErrorBar error={error} onReload={resources.reload} /> : null}
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.catalogResources} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colName}</TableHeaderCell>
              <TableHeaderCell>{t.resourceType}</TableHeaderCell>
              <TableHeaderCell>{t.colCreated}</TableHeaderCell>
              <TableHeaderCell>{t.colActions}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {resources.rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.displayName}</TableCell>
                <TableCell>{r.originSystem === 'AadGroup' ? t.resourceGroup : t.resourceApplication}</TableCell>
                <TableCell>{formatDate(r.createdDateTime)}</TableCell>
                <TableCell>
                  {r.originSystem === 'AadGroup' ? (
                    <Button size="small" onClick={() => setRemoving(r)} aria-label={t.removeNamed(r.displayName)}>
                      {t.remove}
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={resources} empty={t.noResources} />
      <h2 className={s.h2}>{t.catalogPackages}</h2>
      <div className={s.tableWrap}>
        <Table aria-label={t.catalogPackages} size="small">
          <TableHeader>
            <TableRow>
              {header('displayName', t.packageName)}
              <TableHeaderCell>{t.packageDescription}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {packages.rows.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Link to={`access-packages/${p.id}`}>{p.displayName}</Link>
                </TableCell>
                <TableCell>{p.description ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={packages} empty={t.noPackages} />
      <ConfirmDialog
        open={!!removing}
        title={t.removeResourceTitle}
        body={removing ? t.removeResourceBody(removing.displayName) : ''}
        confirm={t.remove}
        onConfirm={() => {
          const r = removing!;
          setRemoving(undefined);
          void change('adminRemove', r.originId, r.displayName);
        }}
        onCancel={() => setRemoving(undefined)}
      />
    </>
  );
}
