// Reads a Content-Security-Policy header into its directives, for tests that check the policy.
export function cspDirectives(header: string): Map<string, string[]> {
  return new Map(
    header.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}
