/** An email cut where a line may break: before "@", and after each dot ("ann.lee", "@example.", "com"). */
export function emailParts(address: string): string[] {
  return address.split(/(?=@)|(?<=\.)/).filter(Boolean);
}
