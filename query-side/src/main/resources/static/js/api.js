// The query side's public API as the dashboard uses it: HTTP Basic or a bearer token kept in sessionStorage (gone
// when the tab closes), errors as ApiError with the problem+json body. Every request says X-Requested-With so that
// a 401 carries no WWW-Authenticate challenge (the browser would pop its own login dialog over the page's form).

const AUTH_KEY = 'poverty.authorization';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export const auth = {
  header() {
    return sessionStorage.getItem(AUTH_KEY);
  },
  useBasic(user, password) {
    sessionStorage.setItem(AUTH_KEY, 'Basic ' + base64(`${user}:${password}`));
  },
  useBearer(token) {
    sessionStorage.setItem(AUTH_KEY, 'Bearer ' + token.trim().replace(/^Bearer\s+/i, ''));
  },
  clear() {
    sessionStorage.removeItem(AUTH_KEY);
  },
};

function base64(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

async function send(path, params, accept) {
  // relative to the page, so that the dashboard also works behind a path prefix
  const url = new URL(path.replace(/^\//, ''), document.baseURI);
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, value);
    }
  }
  const headers = { Accept: accept, 'X-Requested-With': 'XMLHttpRequest' };
  const authorization = auth.header();
  if (authorization) {
    headers.Authorization = authorization;
  }
  let response;
  try {
    response = await fetch(url, { headers, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { detail: String(e.message || e) });
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (ignored) {
      // not JSON: keep the status only
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** GET a JSON resource of the API. */
export async function getJson(path, params) {
  const response = await send(path, params, 'application/json, application/problem+json');
  return response.json();
}

/** GET a file of the API (the bytes as sent, e.g. a CSV's BOM kept) and the file name the server suggests. */
export async function getFile(path, params, fallbackName) {
  const response = await send(path, params, '*/*');
  const blob = await response.blob();
  return { blob, filename: fileNameOf(response.headers.get('Content-Disposition')) || fallbackName };
}

function fileNameOf(disposition) {
  if (!disposition) {
    return null;
  }
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch (ignored) {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : null;
}

/** Saves a blob as a download through an object URL (the request needed the auth header, a plain link cannot). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
