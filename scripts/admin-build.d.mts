export function adminSourceHash(root: string): string;
export function buildAdminIfChanged(root: string, build: () => boolean): 'built' | 'current' | 'failed';
