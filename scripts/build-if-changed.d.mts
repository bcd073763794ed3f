export interface BuildTarget {
  inputs: string[];
  output: string;
  stamp: string;
}
export const ADMIN: BuildTarget;
export const SERVER: BuildTarget;
export function sourceHash(root: string, paths: string[]): string;
export function buildIfChanged(root: string, target: BuildTarget, build: () => boolean): 'built' | 'current' | 'failed';
export function buildAdminIfChanged(root: string, build: () => boolean): 'built' | 'current' | 'failed';
