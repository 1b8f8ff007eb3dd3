import { comparePrecedence, parseRouteTemplate, type RouteTemplate } from './route-template';

/** An HTTP function's route as the table needs it. */
export interface RouteEntry {
  name: string;
  route: string;
  /** Upper-case methods; empty means every method, as in the host. */
  methods: readonly string[];
}

export interface RouteMatch {
  name: string;
  params: Record<string, string>;
}

export interface RouteTable {
  /** Path segments are the decoded segments after the route prefix. */
  match(method: string, segments: readonly string[]): RouteMatch | null;
  /**
   * Pairs this table resolves by specificity that Azure resolves by function name: there the
   * routes are tried in alphabetical order of function name, so the other function wins.
   */
  azureOrderWarnings(): string[];
}

interface CompiledEntry extends RouteEntry {
  template: RouteTemplate;
}

function allows(entry: RouteEntry, method: string): boolean {
  return entry.methods.length === 0 || entry.methods.includes(method.toUpperCase());
}

function methodsOverlap(a: RouteEntry, b: RouteEntry): boolean {
  return a.methods.length === 0 || b.methods.length === 0 || a.methods.some((m) => b.methods.includes(m));
}

const byName = (a: RouteEntry, b: RouteEntry): number => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en');

/**
 * Orders routes by ASP.NET Core precedence (a literal segment beats a constrained parameter, which
 * beats a parameter, which beats a catch-all), independent of registration order; ties fall back
 * to the template text and then the function name so the order is deterministic. A route whose
 * template matches but whose methods do not is skipped, so a request no route accepts is a 404.
 * Throws, naming the function, when a template is invalid (the host refuses to start then too).
 */
export function createRouteTable(entries: readonly RouteEntry[]): RouteTable {
  const compiled: CompiledEntry[] = entries.map((entry) => {
    try {
      return { ...entry, template: parseRouteTemplate(entry.route) };
    } catch (error) {
      throw new Error(`The '${entry.name}' function is in error: invalid route '${entry.route}': ${(error as Error).message}`);
    }
  });
  compiled.sort(
    (a, b) =>
      comparePrecedence(a.template.precedence, b.template.precedence) ||
      a.template.template.toLowerCase().localeCompare(b.template.template.toLowerCase(), 'en') ||
      byName(a, b),
  );

  return {
    match(method, segments) {
      for (const entry of compiled) {
        if (!allows(entry, method)) continue;
        const params = entry.template.match(segments);
        if (params) return { name: entry.name, params };
      }
      return null;
    },
    azureOrderWarnings() {
      const warnings: string[] = [];
      for (const specific of compiled) {
        const sample = specific.template.samplePath();
        if (!sample) continue;
        for (const other of compiled) {
          if (other === specific || byName(other, specific) >= 0 || !methodsOverlap(other, specific)) continue;
          if (comparePrecedence(specific.template.precedence, other.template.precedence) >= 0) continue;
          if (other.template.match(sample)) {
            warnings.push(
              `Route '${specific.route}' (${specific.name}) is also matched by '${other.route}' (${other.name}). ` +
                `This host prefers the more specific route, but Azure tries routes in alphabetical order of ` +
                `function name, so there '${other.name}' would handle it: rename a function or add a route constraint.`,
            );
          }
        }
      }
      return warnings;
    },
  };
}
