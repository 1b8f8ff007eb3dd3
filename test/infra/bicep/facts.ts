import type { Node } from 'web-tree-sitter';
import { evaluate, objectEntries, UNKNOWN, valueAt, type Declarations, type Resource } from './model';
import { where } from './parse';

/** One app setting as declared in Bicep. */
export interface AppSetting {
  name: string;
  value: Node;
  at: string;
  decls: Declarations;
}

/** Where app settings were found, plus the places that could not be read statically. */
export interface AppSettingsFacts {
  settings: AppSetting[];
  unreadable: string[];
}

/** Every declaration of a resource type across the parsed files (`existing` ones excluded unless asked). */
export function resourcesOfType(all: Declarations[], type: string, opts: { includeExisting?: boolean } = {}): Resource[] {
  return all.flatMap((d) => d.resources).filter((r) => r.type.toLowerCase() === type.toLowerCase() && (opts.includeExisting || !r.existing));
}

/** The names a resource declaration yields, one per loop instance (UNKNOWN when not literal). */
export function resourceNames(r: Resource, decls: Declarations): (string | typeof UNKNOWN)[] {
  return r.instances.map((locals) => {
    const v = evaluate(valueAt(r.body, 'name'), decls, locals);
    // Without `parent`, child names are written as 'account/default/child'.
    return typeof v === 'string' ? (v.split('/').at(-1) ?? v) : UNKNOWN;
  });
}

/**
 * App settings from `Microsoft.Web/sites/config` named `appsettings` (an object literal) and from
 * `siteConfig.appSettings` arrays of `{ name, value }` on `Microsoft.Web/sites`.
 */
export function appSettingsOf(all: Declarations[]): AppSettingsFacts {
  const facts: AppSettingsFacts = { settings: [], unreadable: [] };
  for (const decls of all) {
    for (const r of decls.resources) {
      if (r.existing) continue;
      if (r.type === 'Microsoft.Web/sites/config' && evaluate(valueAt(r.body, 'name'), decls, new Map()) === 'appsettings') {
        const props = valueAt(r.body, 'properties');
        if (props?.type !== 'object') {
          facts.unreadable.push(`${where(decls.file, r.node)} appsettings properties are not an object literal`);
          continue;
        }
        for (const e of objectEntries(props, decls)) facts.settings.push({ name: e.key, value: e.value, at: where(decls.file, e.keyNode), decls });
      }
      if (r.type === 'Microsoft.Web/sites') {
        const list = valueAt(r.body, 'properties.siteConfig.appSettings');
        if (!list) continue;
        if (list.type !== 'array') {
          facts.unreadable.push(`${where(decls.file, list)} siteConfig.appSettings is not an array literal`);
          continue;
        }
        for (const item of list.namedChildren) {
          if (!item || item.type === 'decorators') continue;
          const name = evaluate(valueAt(item, 'name'), decls, new Map());
          const value = valueAt(item, 'value');
          if (typeof name !== 'string' || !value) facts.unreadable.push(`${where(decls.file, item)} app setting without a literal name and a value`);
          else facts.settings.push({ name, value, at: where(decls.file, item), decls });
        }
      }
    }
  }
  return facts;
}

/** The resource a `scope:` or `parent:` identifier names, looked up in the same file. */
export function referencedResource(decls: Declarations, node: Node | null): Resource | undefined {
  if (node?.type !== 'identifier') return undefined;
  return decls.resources.find((r) => r.symbol === node.text);
}
