import { describe, expect, it } from 'vitest';
import { buildEmail, emailClient, sendAndWait, startSink } from './support';

async function page(url: string) {
  const res = await fetch(`${url}dev/mail`);
  return { res, html: await res.text() };
}

describe('mail sink: the human page /dev/mail', () => {
  it('when a subject carries a script tag, then the page shows it as text and runs nothing of it', async () => {
    const sink = await startSink();
    await sendAndWait(
      emailClient(sink.connectionString),
      buildEmail({
        content: { subject: '<script>alert("pwned")</script>', html: '<p onclick="x()">Hi & "bye"</p><script>steal()</script>', plainText: '<b>plain</b>' },
      }),
    );

    const { res, html } = await page(sink.url);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62;');
    expect(html).toContain('<pre>&#60;b&#62;plain&#60;/b&#62;</pre>');
    expect(html).toContain(
      '<iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="&#60;p onclick=&#34;x()&#34;&#62;Hi &#38; &#34;bye&#34;&#60;/p&#62;&#60;script&#62;steal()&#60;/script&#62;"></iframe>',
    );
  });

  it('when several messages arrived, then the newest is listed first and the page loads nothing from outside', async () => {
    const sink = await startSink();
    const client = emailClient(sink.connectionString);
    await sendAndWait(client, buildEmail({ content: { subject: 'older', plainText: '1' } }));
    await sendAndWait(client, buildEmail({ content: { subject: 'newer', plainText: '2' } }));

    const { html } = await page(sink.url);

    expect(html.indexOf('newer')).toBeGreaterThan(-1);
    expect(html.indexOf('newer')).toBeLessThan(html.indexOf('older'));
    expect(html).toContain('2 messages');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('when the mailbox is empty, then the page says so', async () => {
    const sink = await startSink();

    const { html } = await page(sink.url);

    expect(html).toContain('No mail yet.');
  });
});
