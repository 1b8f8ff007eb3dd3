import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useAccess } from '../app/access';
import { useLocale } from '../i18n';
import { useCommonStyles } from '../shell/common';
import { odataString } from './users-api';

export type Assignment = { type: 'group' | 'directoryRole'; id: string; displayName: string };
type Candidate = { id: string; displayName: string; description?: string | null };

/** The wizard's Assignments tab: up to `max` groups and (for role administrators) roles, from searchable lists. */
export function AssignmentPicker({ value, onChange, allowRoles, max }: { value: Assignment[]; onChange(v: Assignment[]): void; allowRoles: boolean; max: number }) {
  const { t } = useLocale();
  const s = useCommonStyles();
  const [open, setOpen] = useState<'group' | 'directoryRole' | undefined>();
  const left = max - value.length;
  return (
    <>
      <div className={s.row}>
        <Button disabled={left <= 0} onClick={() => setOpen('group')}>
          {t.addGroup}
        </Button>
        {allowRoles ? (
          <Button disabled={left <= 0} onClick={() => setOpen('directoryRole')}>
            {t.addRole}
          </Button>
        ) : null}
        {left <= 0 ? <span role="status">{t.assignmentsLimit}</span> : null}
      </div>
      {value.length ? (
        <div className={s.tableWrap}>
          <Table aria-label={t.wizardAssignments} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.colName}</TableHeaderCell>
                <TableHeaderCell>{t.type}</TableHeaderCell>
                <TableHeaderCell>{t.remove}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {value.map((a) => (
                <TableRow key={`${a.type}:${a.id}`}>
                  <TableCell>{a.displayName}</TableCell>
                  <TableCell>{a.type === 'group' ? t.group : t.role}</TableCell>
                  <TableCell>
                    <Button size="small" aria-label={`${t.remove} ${a.displayName}`} onClick={() => onChange(value.filter((x) => x !== a))}>
                      {t.remove}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : null}
      {open ? (
        <PickDialog
          kind={open}
          left={left}
          taken={new Set(value.map((v) => `${v.type}:${v.id}`))}
          onCancel={() => setOpen(undefined)}
          onSelect={(picked) => {
            onChange([...value, ...picked.map((p) => ({ type: open, id: p.id, displayName: p.displayName }))]);
            setOpen(undefined);
          }}
        />
      ) : null}
    </>
  );
}

function PickDialog({ kind, left, taken, onCancel, onSelect }: { kind: 'group' | 'directoryRole'; left: number; taken: Set<string>; onCancel(): void; onSelect(p: Candidate[]): void }) {
  const { t } = useLocale();
  const { api } = useAccess();
  const [search, setSearch] = useState('');
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [chosen, setChosen] = useState<Candidate[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => {
      const term = search.trim();
      const groups = api.api('/groups').top(50).select('id,displayName,description');
      const request = kind === 'directoryRole' ? api.api('/roleManagement/directory/roleDefinitions') : term ? groups.filter(`startsWith(displayName,${odataString(term)})`) : groups;
      request
        .get()
        .then((page: { value: Candidate[] }) =>
          setCandidates(page.value.filter((c) => !taken.has(`${kind}:${c.id}`) && (kind === 'group' || !term || c.displayName.toLowerCase().includes(term.toLowerCase())))),
        )
        .catch(() => setCandidates([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [api, kind, search, taken]);
  const title = kind === 'group' ? t.selectGroups : t.selectRoles;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            <Field label={kind === 'group' ? t.searchGroups : t.search}>
              <SearchBox value={search} onChange={(_, d) => setSearch(d.value)} />
            </Field>
            {candidates.length === 0 ? <p>{t.noMatches}</p> : null}
            <ul style={{ listStyle: 'none', padding: 0, maxHeight: '40vh', overflowY: 'auto' }} aria-label={title}>
              {candidates.map((c) => {
                const checked = chosen.some((x) => x.id === c.id);
                return (
                  <li key={c.id}>
                    <Checkbox
                      label={c.displayName}
                      checked={checked}
                      disabled={!checked && chosen.length >= left}
                      onChange={(_, d) => setChosen((list) => (d.checked ? [...list, c] : list.filter((x) => x.id !== c.id)))}
                    />
                  </li>
                );
              })}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={chosen.length === 0} onClick={() => onSelect(chosen)}>
              {t.select}
            </Button>
            <Button onClick={onCancel}>{t.cancel}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
