/** The BFF, from the build-time env `VITE_API_BASE`; the local dev BFF by default. */
export const API_BASE: string = (import.meta.env.VITE_API_BASE || 'http://127.0.0.1:8787').replace(/\/+$/, '')
