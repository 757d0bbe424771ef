// Route selection of an API Gateway HTTP API: the most specific matching route key wins.

export interface RouteMatch<T> {
  readonly route: T;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

interface ParsedRouteKey {
  readonly method: string;
  readonly segments: readonly string[];
}

function parseRouteKey(routeKey: string): ParsedRouteKey | undefined {
  const space = routeKey.indexOf(' ');
  if (space < 0) return undefined;
  const path = routeKey.slice(space + 1).trim();
  return { method: routeKey.slice(0, space).toUpperCase(), segments: path.split('/').filter((part) => part !== '') };
}

function matchSegments(pattern: readonly string[], path: readonly string[]): { parameters: Record<string, string>; score: number[] } | undefined {
  const parameters: Record<string, string> = {};
  const score: number[] = [];
  for (let index = 0; index < pattern.length; index += 1) {
    const part = pattern[index] ?? '';
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy) {
      // A greedy variable must be last and needs at least one segment.
      if (index !== pattern.length - 1 || path.length <= index) return undefined;
      parameters[greedy[1] ?? 'proxy'] = path.slice(index).join('/');
      score.push(1);
      return { parameters, score };
    }
    const value = path[index];
    if (value === undefined) return undefined;
    const variable = /^\{(.+)\}$/.exec(part);
    if (variable) {
      parameters[variable[1] ?? ''] = value;
      score.push(2);
    } else if (part === value) score.push(3);
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
 * beats `ANY`, and `$default` catches the rest.
 */
export function selectRoute<T>(routes: ReadonlyArray<{ routeKey: string; route: T }>, method: string, path: string): RouteMatch<T> | undefined {
  const segments = path.split('/').filter((part) => part !== '').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  let best: { match: RouteMatch<T>; score: number[] } | undefined;
  for (const candidate of routes) {
    const parsed = parseRouteKey(candidate.routeKey);
    if (parsed === undefined || (parsed.method !== 'ANY' && parsed.method !== method.toUpperCase())) continue;
    const matched = matchSegments(parsed.segments, segments);
    if (matched === undefined) continue;
    const score = [...matched.score, parsed.method === 'ANY' ? 0 : 1];
    if (best === undefined || compareScores(score, best.score) > 0) {
      best = { match: { route: candidate.route, routeKey: candidate.routeKey, pathParameters: matched.parameters }, score };
    }
  }
  if (best) return best.match;
  const fallback = routes.find((candidate) => candidate.routeKey === '$default');
  return fallback ? { route: fallback.route, routeKey: '$default', pathParameters: {} } : undefined;
}
