import { Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { useLocale } from '../i18n';
import { ObjectPicker, type Picked } from '../shell/ObjectPicker';
import { useCommonStyles } from '../shell/common';
import { ListFooter, usePagedList } from '../shell/paged';
import { EM } from './em';

type AssignmentRow = { id: string; state: string; createdDateTime?: string | null; target: { displayName?: string | null; email?: string | null }; schedule?: { expiration?: { endDateTime?: string | null } } };
const STATES = ['', 'delivering', 'delivered', 'partiallyDelivered', 'deliveryFailed', 'expired'] as const;

/** An access package's assignments: filtered by state and by user, and paged, on the server (newest first, the API's order). */
export function PackageAssignments({ id }: { id: string }) {
  const { t, formatDate } = useLocale();
  const s = useCommonStyles();
  const [state, setState] = useState('');
  const [target, setTarget] = useState<Picked | undefined>();
  const filter = [`accessPackage/id eq ${id}`, state ? `state eq '${state}'` : '', target ? `target/objectId eq ${target.id}` : ''].filter(Boolean).join(' and ');
  const list = usePagedList<AssignmentRow>(`${EM}/assignments`, { $top: '25', $orderby: 'createdDateTime desc', $filter: filter }, [filter]);
  return (
    <>
      <div className={s.toolbar} role="search">
        <Field label={t.colState}>
          <Select value={state} onChange={(_, d) => setState(d.value)}>
            {STATES.map((v) => (
              <option key={v} value={v}>
                {v || t.allStates}
              </option>
            ))}
          </Select>
        </Field>
        <ObjectPicker label={t.assignedTo} path="/users" value={target} onChange={setTarget} placeholder={t.managerSearch} />
      </div>
      <div className={s.tableWrap}>
        <Table aria-label={t.assignments} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.colTarget}</TableHeaderCell>
              <TableHeaderCell>{t.colState}</TableHeaderCell>
              <TableHeaderCell>{t.colExpires}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.rows.map((a) => (
              <TableRow key={a.id}>
                <TableCell>{a.target.displayName || a.target.email}</TableCell>
                <TableCell>{a.state}</TableCell>
                <TableCell>{formatDate(a.schedule?.expiration?.endDateTime)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ListFooter state={list} empty={t.noAssignments} />
    </>
  );
}
