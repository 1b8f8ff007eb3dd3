import { Link as FluentLink, type LinkProps } from '@fluentui/react-components';
import { useEffect, useState, type MouseEvent } from 'react';

/** The console's paths are under /api/admin/; this is all the routing it needs. */
export const BASE = '/api/admin/';

export const currentPath = (): string => (location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '');

export function navigate(to: string, replace = false): void {
  const url = BASE + to.replace(/^\/+/, '');
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The path below /api/admin/ and its query, re-rendering on navigation. */
export function usePath(): { path: string; segments: string[]; query: URLSearchParams } {
  const [state, setState] = useState(() => ({ path: currentPath(), search: location.search }));
  useEffect(() => {
    const on = () => setState({ path: currentPath(), search: location.search });
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return { path: state.path, segments: state.path.split('/').filter(Boolean), query: new URLSearchParams(state.search) };
}

/** A Fluent link that navigates inside the console without reloading. */
export function Link({ to, ...props }: Omit<LinkProps, 'href'> & { to: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <FluentLink {...({ ...props, href: BASE + to, onClick } as unknown as LinkProps)} />;
}
