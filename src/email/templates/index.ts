export { renderEmail, type RenderedEmail, type RenderOptions } from './render-email';
