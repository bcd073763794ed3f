import { runQuote } from '@leaseboard/domain/billing/quote';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);

const outcome = runQuote(Buffer.concat(chunks).toString('utf8'));
if (outcome.ok) {
  process.stdout.write(`${JSON.stringify(outcome.response)}\n`);
} else {
  process.stderr.write(`billing:quote: ${outcome.message}\n`);
  process.exitCode = 2;
}
