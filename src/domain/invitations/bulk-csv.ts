import { Failure } from '../errors';

/**
 * The CSV of a bulk invitation, in the Entra portal's "Bulk invite users" template: an optional
 * first line `version:v1.0`, then a header row whose cells read `<label> [<property>] <Required>`
 * (for example `Email address to invite [inviteeEmail] Required`), then one invitation per line.
 * A header cell without brackets is taken as the property name itself (`givenName`). Property
 * names are matched case-insensitively; an unknown column is refused rather than ignored, so a
 * misspelt column cannot silently drop data.
 */

/** Template properties (Entra's names) and Gatehouse's profile columns → the invitation body's names. */
export const BULK_COLUMNS: Record<string, string> = {
  inviteeemail: 'invitedUserEmailAddress',
  inviteredirecturl: 'inviteRedirectUrl',
  sendemail: 'sendInvitationMessage',
  customizedmessagebody: 'customizedMessageBody',
  messagelanguage: 'messageLanguage',
  displayname: 'invitedUserDisplayName',
  invitedusertype: 'invitedUserType',
  ...Object.fromEntries(
    ['givenName', 'surname', 'jobTitle', 'department', 'companyName', 'employeeId', 'streetAddress', 'city', 'state', 'postalCode', 'country', 'mobilePhone', 'usageLocation', 'preferredLanguage', 'ageGroup', 'consentProvidedForMinor'].map((p) => [p.toLowerCase(), p]),
  ),
};
const REQUIRED = [
  { property: 'invitedUserEmailAddress', header: 'Email address to invite [inviteeEmail] Required' },
  { property: 'inviteRedirectUrl', header: 'Redirection url [inviteRedirectURL] Required' },
];

/** The template's header row, as Gatehouse documents and accepts it. */
export const BULK_TEMPLATE_HEADER = [
  'Email address to invite [inviteeEmail] Required',
  'Redirection url [inviteRedirectURL] Required',
  'Send invitation message (true or false) [sendEmail]',
  'Customized invitation message [customizedMessageBody]',
];

/** One field may not exceed this (the custom message's limit plus room). */
export const MAX_FIELD_CHARS = 16_384;
const MAX_FIELDS = 64;

const malformed = (message: string) => new Failure('invalidRequest', message, { details: [{ target: '(body)', message }] });

/**
 * An incremental RFC 4180 parser: feed it text as it arrives (`push`), then `end()`. Quoted fields
 * may hold commas, doubled quotes and line breaks; CRLF or LF end a record; a UTF-8 BOM at the
 * start is dropped; blank lines are skipped. `onRecord` gets each record with its 1-based line.
 */
export function createCsvParser(onRecord: (fields: string[], line: number) => void): { push(text: string): void; end(): void } {
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let quoteSeen = false; // a quote inside a quoted field: closes it unless another follows
  let started = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    if (fields.length >= MAX_FIELDS) throw malformed(`Line ${recordLine} has more than ${MAX_FIELDS} columns.`);
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) onRecord(fields, recordLine);
    fields = [];
    recordLine = line;
  };
  return {
    push(text) {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (!started) {
          started = true;
          if (ch === '\uFEFF') continue;
        }
        if (quoteSeen) {
          quoteSeen = false;
          if (ch === '"') {
            field += '"';
            continue;
          }
          inQuotes = false;
        }
        if (inQuotes) {
          if (ch === '"') quoteSeen = true;
          else {
            if (ch === '\n') line++;
            field += ch;
          }
        } else if (ch === '"' && field === '') inQuotes = true;
        else if (ch === ',') endField();
        else if (ch === '\n') {
          line++;
          endRecord();
        } else if (ch !== '\r') field += ch;
        if (field.length > MAX_FIELD_CHARS) throw malformed(`A field on line ${recordLine} is longer than ${MAX_FIELD_CHARS} characters.`);
      }
    },
    end() {
      if (inQuotes && !quoteSeen) throw malformed(`The quoted field starting on line ${recordLine} is not closed.`);
      if (field !== '' || fields.length > 0) endRecord();
    },
  };
}

/** Maps the header row to properties, or refuses it naming the missing or unknown column. */
export function readBulkHeader(cells: readonly string[]): string[] {
  const properties = cells.map((cell, index) => {
    const name = (/\[([^\]]+)\]/.exec(cell)?.[1] ?? cell).trim();
    const property = BULK_COLUMNS[name.toLowerCase()];
    if (!property) {
      if (name === '' && cells.slice(index).every((c) => c.trim() === '')) return '';
      throw new Failure('invalidRequest', `Unknown column '${cell.trim()}' in the header row.`, { details: [{ target: cell.trim() || `column ${index + 1}`, message: 'unknown column' }] });
    }
    return property;
  });
  for (const required of REQUIRED) {
    if (!properties.includes(required.property)) {
      throw new Failure('invalidRequest', `The required column '${required.header}' is missing from the header row.`, {
        details: [{ target: required.header, message: 'required column missing' }],
      });
    }
  }
  return properties;
}

/** Whether a record is the template's version line (`version:v1.0`, possibly with empty cells after it). */
export const isVersionLine = (cells: readonly string[]): boolean => /^version\s*:/i.test(cells[0]?.trim() ?? '') && cells.slice(1).every((c) => c.trim() === '');

/** A data row as property → non-empty cell text. */
export function rowCells(properties: readonly string[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  properties.forEach((property, i) => {
    const value = cells[i]?.trim();
    if (property && value) out[property] = value;
  });
  return out;
}

/**
 * The POST /invitations body a row stands for (checked later with the same schema as a single
 * invitation). `sendEmail` defaults to true, as in the portal; anything but true/false is passed
 * on as written so the schema names the column.
 */
export function invitationBodyOfRow(cells: Readonly<Record<string, string>>): Record<string, unknown> {
  const { customizedMessageBody, messageLanguage, sendInvitationMessage, ...rest } = cells;
  const send = sendInvitationMessage === undefined ? true : /^true$/i.test(sendInvitationMessage) ? true : /^false$/i.test(sendInvitationMessage) ? false : sendInvitationMessage;
  const body: Record<string, unknown> = { ...rest, sendInvitationMessage: send };
  if (customizedMessageBody !== undefined || messageLanguage !== undefined) {
    body['invitedUserMessageInfo'] = { ...(customizedMessageBody !== undefined ? { customizedMessageBody } : {}), ...(messageLanguage !== undefined ? { messageLanguage } : {}) };
  }
  return body;
}
