import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { Ticket, TicketStore } from '../domain/invitations/ports';
import { insertRow, jsonColumn, readRow } from './table-kit';

/**
 * Table `InvitationTickets`: one row per issued link, PartitionKey = hex SHA-256 of the secret,
 * RowKey `ticket` (a point read by hash; the secret itself is never stored).
 *
 * Columns: guestId, generation (valid only while it equals the invitation's), issuedAt,
 * expiresAt ('' = never), redirectUrl, messageLanguage, customMessage ('' = none), inviter (JSON
 * {displayName, email}). Revocation is by generation, so a reset never has to find old rows.
 */
const TICKET_ROW = 'ticket';
const HASH = /^[0-9a-f]{64}$/;

const date = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);
const text = z.string().optional().transform((v) => (v ? v : null));

const ticketRow = z.object({
  partitionKey: z.string().regex(HASH),
  guestId: z.string(),
  generation: z.number().int().min(0),
  issuedAt: date,
  expiresAt: z.union([z.literal(''), date]).optional().transform((v) => (v instanceof Date ? v : null)),
  redirectUrl: z.string(),
  messageLanguage: text,
  customMessage: text,
  inviter: z.string().transform((s) => z.object({ displayName: z.string(), email: z.string() }).parse(jsonColumn.read(s))),
});

export function createTableTicketStore(table: TableClient): TicketStore {
  return {
    async issue(ticket) {
      if (!HASH.test(ticket.hash)) throw new TypeError('A ticket is stored under the hex SHA-256 of its secret');
      await insertRow(
        table,
        {
          partitionKey: ticket.hash,
          rowKey: TICKET_ROW,
          guestId: ticket.guestId,
          generation: ticket.generation,
          issuedAt: ticket.issuedAt,
          expiresAt: ticket.expiresAt ?? '',
          redirectUrl: ticket.redirectUrl,
          messageLanguage: ticket.messageLanguage ?? '',
          customMessage: ticket.customMessage ?? '',
          inviter: jsonColumn.write(ticket.inviter),
        },
        'A ticket with this hash already exists.',
      );
    },

    async find(hash) {
      if (!HASH.test(hash)) return undefined;
      const stored = await readRow(table, ticketRow, 'invitation ticket', hash, TICKET_ROW);
      if (!stored) return undefined;
      const { partitionKey, ...rest } = stored.value;
      return { hash: partitionKey, ...rest } satisfies Ticket;
    },
  };
}
