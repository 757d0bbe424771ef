// Route selection of an API Gateway HTTP API: the most specific matching route key wins.

export interface RouteMatch<T> {
  readonly route: T;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

type RouteSegment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

interface ParsedRouteKey {
  readonly method: string;
  readonly segments: readonly RouteSegment[];
}

function parseSegment(part: string): RouteSegment {
  const greedy = /^\{(.+)\+\}$/.exec(part);
  if (greedy) return { kind: 'greedy', name: greedy[1] ?? 'proxy' };
  const variable = /^\{(.+)\}$/.exec(part);
  if (variable) return { kind: 'variable', name: variable[1] ?? '' };
  return { kind: 'literal', text: part };
}

function parseRouteKey(routeKey: string): ParsedRouteKey | undefined {
  const space = routeKey.indexOf(' ');
  if (space < 0) return undefined;
  const path = routeKey.slice(space + 1).trim();
  return {
    method: routeKey.slice(0, space).toUpperCase(),
    segments: path
      .split('/')
      .filter((part) => part !== '')
      .map(parseSegment),
  };
}

// Parsed once per route object: the registry replaces a route's object when a stack update changes it,
// so a cached parse never outlives the route key it was made from.
const parsedRouteKeys = new WeakMap<object, ParsedRouteKey | undefined>();

function parsedRouteKeyOf(route: { readonly routeKey: string }): ParsedRouteKey | undefined {
  if (parsedRouteKeys.has(route)) return parsedRouteKeys.get(route);
  const parsed = parseRouteKey(route.routeKey);
  parsedRouteKeys.set(route, parsed);
  return parsed;
}

function matchSegments(
  pattern: readonly RouteSegment[],
  path: readonly string[],
): { parameters: Record<string, string>; score: number[] } | undefined {
  const parameters: Record<string, string> = {};
  const score: number[] = [];
  for (const [index, part] of pattern.entries()) {
    if (part.kind === 'greedy') {
      // A greedy variable must be last and needs at least one segment.
      if (index !== pattern.length - 1 || path.length <= index) return undefined;
      parameters[part.name] = path.slice(index).join('/');
      score.push(1);
      return { parameters, score };
    }
    const value = path[index];
    if (value === undefined) return undefined;
    if (part.kind === 'variable') {
      parameters[part.name] = value;
      score.push(2);
    } else if (part.text === value) score.push(3);
    else return undefined;
  }
  return pattern.length === path.length ? { parameters, score } : undefined;
}

function compareScores(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Picks the route for `method path`: literal segments beat `{var}` beat `{proxy+}`, an exact method
 * beats `ANY`, and `$default` catches the rest. Routes are read as given on every call (a route added
 * by a stack update counts at once); only the parse of each route's key is kept, per route object.
 */
export function selectRoute<T extends { readonly routeKey: string }>(
  routes: Iterable<T>,
  method: string,
  path: string,
): RouteMatch<T> | undefined {
  const segments = path
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
  const upperMethod = method.toUpperCase();
  let best: { match: RouteMatch<T>; score: number[] } | undefined;
  let fallback: T | undefined;
  for (const route of routes) {
    if (route.routeKey === '$default') fallback ??= route;
    const parsed = parsedRouteKeyOf(route);
    if (parsed === undefined || (parsed.method !== 'ANY' && parsed.method !== upperMethod)) continue;
    const matched = matchSegments(parsed.segments, segments);
    if (matched === undefined) continue;
    const score = [...matched.score, parsed.method === 'ANY' ? 0 : 1];
    if (best === undefined || compareScores(score, best.score) > 0) {
      best = { match: { route, routeKey: route.routeKey, pathParameters: matched.parameters }, score };
    }
  }
  if (best) return best.match;
  return fallback ? { route: fallback, routeKey: '$default', pathParameters: {} } : undefined;
}
