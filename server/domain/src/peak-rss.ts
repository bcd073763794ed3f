import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set size, in MB: Linux's VmHWM. Not process.resourceUsage().maxRSS, which
 * Linux carries over from the parent across fork and exec: a process started by a 400 MB parent reports
 * 400 MB however little it uses itself. Elsewhere than Linux, maxRSS is all there is.
 */
export function peakRssMB(): number {
  try {
    const kB = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kB) return Math.round(Number(kB) / 1024);
  } catch {
    // no /proc: not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
