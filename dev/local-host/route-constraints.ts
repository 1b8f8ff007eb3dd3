/** A route constraint as ASP.NET Core routing (which the Functions host uses) defines it. */
export type RouteConstraint = (value: string) => boolean;

const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const HEX = '[0-9a-fA-F]';
const GUID_D = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
const GUID = new RegExp(`^(?:${GUID_D}|${HEX}{32}|\\{${GUID_D}\\}|\\(${GUID_D}\\))$`);
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

function integerIn([min, max]: readonly [bigint, bigint]): RouteConstraint {
  return (v) => /^[+-]?\d+$/.test(v) && BigInt(v) >= min && BigInt(v) <= max;
}

function numberArgs(name: string, args: string | undefined, count: number[]): number[] {
  const values = (args ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '').map(Number);
  if (!count.includes(values.length) || values.some((n) => !Number.isInteger(n))) {
    throw new Error(`the constraint '${name}' needs ${count.join(' or ')} integer argument(s), got '${args ?? ''}'`);
  }
  return values;
}

/**
 * Builds one inline constraint (`int`, `guid`, `alpha`, `bool`, `long`, `datetime`, `decimal`,
 * `double`, `float`, `min(n)`, `max(n)`, `range(a,b)`, `length(n)` / `length(a,b)`,
 * `minlength(n)`, `maxlength(n)`, `regex(...)`, `required`). An unknown one fails the route,
 * as the host's constraint resolver does.
 */
export function createConstraint(name: string, args: string | undefined): RouteConstraint {
  switch (name.toLowerCase()) {
    case 'int':
      return integerIn(INT32);
    case 'long':
      return integerIn(INT64);
    case 'bool':
      return (v) => /^(true|false)$/i.test(v);
    case 'guid':
      return (v) => GUID.test(v);
    case 'alpha':
      return (v) => /^[a-z]+$/i.test(v);
    case 'datetime':
      return (v) => !Number.isNaN(Date.parse(v));
    case 'decimal':
      return (v) => DECIMAL.test(v);
    case 'double':
    case 'float':
      return (v) => FLOAT.test(v);
    case 'required':
      return (v) => v !== '';
    case 'min': {
      const [min] = numberArgs(name, args, [1]) as [number];
      return (v) => /^[+-]?\d+$/.test(v) && Number(v) >= min;
    }
    case 'max': {
      const [max] = numberArgs(name, args, [1]) as [number];
      return (v) => /^[+-]?\d+$/.test(v) && Number(v) <= max;
    }
    case 'range': {
      const [min, max] = numberArgs(name, args, [2]) as [number, number];
      return (v) => /^[+-]?\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
    }
    case 'length': {
      const bounds = numberArgs(name, args, [1, 2]);
      const [min, max] = bounds.length === 1 ? [bounds[0]!, bounds[0]!] : [bounds[0]!, bounds[1]!];
      return (v) => v.length >= min && v.length <= max;
    }
    case 'minlength': {
      const [min] = numberArgs(name, args, [1]) as [number];
      return (v) => v.length >= min;
    }
    case 'maxlength': {
      const [max] = numberArgs(name, args, [1]) as [number];
      return (v) => v.length <= max;
    }
    case 'regex': {
      if (!args) throw new Error(`the constraint 'regex' needs a pattern`);
      // ASP.NET Core does not anchor the pattern and matches case-insensitively.
      const pattern = new RegExp(args, 'i');
      return (v) => pattern.test(v);
    }
    default:
      throw new Error(`the constraint '${name}' could not be resolved`);
  }
}
