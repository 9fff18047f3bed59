import { escapeHtml, pathUnder, simulatorPage } from '../../simulator-kit/page.js';
import { takaText } from '../fields.js';
import { NON_NPSB_BANK_CODES } from './book.js';
import type { BankSimulatorContext } from './context.js';

/** The simulated bank's pages: the files it received and wrote, its balance and the accounts it knows. */

const STYLE = `
main{max-width:60rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #e4e7ec;padding:.3rem .4rem;text-align:left;vertical-align:top}
pre{white-space:pre;overflow-x:auto;background:#f9fafb;padding:.6rem;border-radius:8px;font-size:.8rem}
a{color:#175cd3}`;

function table(caption: string, head: string[], rows: string[][]): string {
  if (rows.length === 0) return `<h2>${escapeHtml(caption)}</h2><p class="note">None yet.</p>`;
  return `<h2>${escapeHtml(caption)}</h2><table><thead><tr>${head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

const at = (ms: number | null) =>
  ms === null ? '' : escapeHtml(new Date(ms).toISOString().replace('T', ' ').slice(0, 19));

export function filesPage(sim: BankSimulatorContext): string {
  const base = pathUnder(sim.publicUrl, '/__simulator/files');
  const link = (box: 'in' | 'out', name: string) =>
    `<a href="${escapeHtml(`${base}/${box}/${encodeURIComponent(name)}`)}">${escapeHtml(name)}</a>`;
  const lines = [...sim.book.files.values()].flatMap((file) =>
    file.lines.map((line) => [
      link('in', file.name),
      at(file.receivedAtMs),
      escapeHtml(line.reference),
      escapeHtml(line.method),
      escapeHtml(`${line.routingNumber} / ${line.accountNumber}`),
      escapeHtml(line.accountName),
      escapeHtml(takaText(line.amountMinor)),
      escapeHtml(
        line.state +
          (line.rejectCode ? ` ${line.rejectCode}` : '') +
          (line.returnCode ? ` ${line.returnCode}` : ''),
      ),
      escapeHtml(line.bankTransactionId ?? ''),
    ]),
  );
  const outbox = [...sim.book.outbox.values()].map((file) => [
    link('out', file.name),
    escapeHtml(file.kind),
    escapeHtml(file.forFile ?? ''),
    at(file.createdAtMs),
  ]);
  const accounts = [...sim.book.accounts.values()].map((account) => [
    escapeHtml(account.routingNumber),
    escapeHtml(account.accountNumber),
    escapeHtml(account.name),
    escapeHtml(account.status),
  ]);
  return simulatorPage(
    'Bank simulator: files',
    `<h1>Bank simulator: files</h1>
<p>Company account ${escapeHtml(sim.originator.accountNumber)}: available Tk ${escapeHtml(takaText(Math.max(0, sim.book.balanceMinor)))};
clearing sessions held: ${sim.book.session}.</p>
${table('Payment files received (one row per transfer)', ['File', 'Received (UTC)', 'Reference', 'Method', 'Routing / account', 'Name', 'Taka', 'State', 'Bank transaction'], lines)}
${table('Files the bank wrote', ['File', 'Kind', 'Answers', 'Written (UTC)'], outbox)}
${table('Accounts the receiving banks hold', ['Routing number', 'Account', 'Name', 'Status'], accounts)}
<p class="note">Any other account does not exist: NPSB refuses it at once, BEFTN returns it (R03) at the clearing session.
Banks ${escapeHtml(NON_NPSB_BANK_CODES.join(', '))} take BEFTN only.</p>
<p class="note"><a href="${escapeHtml(pathUnder(sim.publicUrl, '/'))}">Back to the tester page</a></p>`,
    STYLE,
  );
}

export function textPage(sim: BankSimulatorContext, name: string, text: string): string {
  return simulatorPage(
    name,
    `<h1>${escapeHtml(name)}</h1><pre>${escapeHtml(text)}</pre>
<p class="note"><a href="${escapeHtml(pathUnder(sim.publicUrl, '/__simulator/files'))}">All files</a></p>`,
    STYLE,
  );
}
