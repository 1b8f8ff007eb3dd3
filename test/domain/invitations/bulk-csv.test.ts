import { describe, expect, it } from 'vitest';
import { BULK_TEMPLATE_HEADER, createCsvParser, invitationBodyOfRow, isVersionLine, readBulkHeader, rowCells } from '../../../src/domain/invitations/bulk-csv';
import { Failure } from '../../../src/domain/errors';

function parse(...pieces: string[]): Array<{ fields: string[]; line: number }> {
  const out: Array<{ fields: string[]; line: number }> = [];
  const parser = createCsvParser((fields, line) => out.push({ fields, line }));
  for (const piece of pieces) parser.push(piece);
  parser.end();
  return out;
}

function failureOf(run: () => unknown): Failure {
  try {
    run();
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
  throw new Error('expected a Failure');
}

describe('the bulk CSV parser (RFC 4180)', () => {
  it('when fields are quoted, then commas, doubled quotes and line breaks inside them are kept', () => {
    const records = parse('a,"b, c","say ""hi""","line1\r\nline2"\r\nnext,row\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b, c', 'say "hi"', 'line1\r\nline2'],
      ['next', 'row'],
    ]);
    expect(records[1]!.line).toBe(3);
  });

  it('when the text arrives in pieces split anywhere (inside quotes, between a doubled quote), then the records are the same', () => {
    const text = '\uFEFFx,"a ""q"", b"\r\n1,2';
    const whole = parse(text);
    for (let cut = 1; cut < text.length; cut++) expect(parse(text.slice(0, cut), text.slice(cut))).toEqual(whole);
    expect(whole.map((r) => r.fields)).toEqual([['x', 'a "q", b'], ['1', '2']]);
  });

  it('when the file starts with a UTF-8 BOM, then it is not part of the first field', () => {
    expect(parse('\uFEFFversion:v1.0\n')[0]!.fields[0]).toBe('version:v1.0');
  });

  it('when there are blank lines or no final line break, then blank lines are skipped and the last record is kept', () => {
    expect(parse('a,b\n\n\r\nc,d').map((r) => r.fields)).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('when a quoted field is never closed, then the file is refused naming the line', () => {
    expect(failureOf(() => parse('a,b\n"open,c\n')).message).toContain('line 2');
  });

  it('when a field is absurdly long, then the file is refused', () => {
    expect(failureOf(() => parse('x'.repeat(20_000))).code).toBe('invalidRequest');
  });
});

describe('the bulk template', () => {
  it("when the header is the portal's template, then its bracketed property names map to the invitation's", () => {
    expect(readBulkHeader([...BULK_TEMPLATE_HEADER, 'Display name [displayName]', 'jobTitle', 'USAGELOCATION'])).toEqual([
      'invitedUserEmailAddress', 'inviteRedirectUrl', 'sendInvitationMessage', 'customizedMessageBody', 'invitedUserDisplayName', 'jobTitle', 'usageLocation',
    ]);
  });

  it('when a required column is missing, then 400 names it', () => {
    const failure = failureOf(() => readBulkHeader(['Email address to invite [inviteeEmail] Required', 'Send invitation message (true or false) [sendEmail]']));
    expect(failure.code).toBe('invalidRequest');
    expect(failure.message).toContain('Redirection url [inviteRedirectURL] Required');
    expect(failure.details[0]!.target).toBe('Redirection url [inviteRedirectURL] Required');
  });

  it('when a column is unknown, then 400 names it instead of dropping its data', () => {
    expect(failureOf(() => readBulkHeader([...BULK_TEMPLATE_HEADER, 'Favourite colour [colour]'])).message).toContain('Favourite colour [colour]');
  });

  it('when trailing header cells are empty (a spreadsheet export), then they are ignored', () => {
    expect(readBulkHeader([...BULK_TEMPLATE_HEADER.slice(0, 2), '', ''])).toEqual(['invitedUserEmailAddress', 'inviteRedirectUrl', '', '']);
  });

  it('when the first line is the version line, with or without empty cells, then it is recognized; a data line is not', () => {
    expect(isVersionLine(['version:v1.0'])).toBe(true);
    expect(isVersionLine(['version:v1.0', '', ''])).toBe(true);
    expect(isVersionLine(['anna@partner.example', 'https://x'])).toBe(false);
  });

  it('when a row is turned into an invitation body, then sendEmail defaults to true, false is honoured and the message goes into invitedUserMessageInfo', () => {
    const properties = readBulkHeader([...BULK_TEMPLATE_HEADER, 'displayName']);
    const row = rowCells(properties, ['anna@partner.example', 'https://apps.example', '', ' Hello ', 'Anna']);
    expect(invitationBodyOfRow(row)).toEqual({
      invitedUserEmailAddress: 'anna@partner.example',
      inviteRedirectUrl: 'https://apps.example',
      invitedUserDisplayName: 'Anna',
      sendInvitationMessage: true,
      invitedUserMessageInfo: { customizedMessageBody: 'Hello' },
    });
    expect(invitationBodyOfRow({ sendInvitationMessage: 'FALSE' })['sendInvitationMessage']).toBe(false);
    expect(invitationBodyOfRow({ sendInvitationMessage: 'yes' })['sendInvitationMessage']).toBe('yes');
  });
});
