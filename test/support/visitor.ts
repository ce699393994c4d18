import type { TestApp } from './test-app';

/** A browser-like client: keeps cookies, reads the CSRF token out of forms. */
export class Visitor {
  private cookies = new Map<string, string>();
  constructor(private readonly t: TestApp) {}

  private jar(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(setCookie: string[] | string | undefined): void {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      if (value.join('=') === '') this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
  }
  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; location?: string }> {
    const res = await this.t.http().get(path).set('cookie', this.jar()).set(headers);
    this.keep(res.headers['set-cookie']);
    return { status: res.status, text: res.text, location: res.headers.location };
  }
  async post(path: string, form: Record<string, string | string[]>): Promise<{ status: number; text: string; location?: string }> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const value of ([] as string[]).concat(v)) body.append(k, value);
    const res = await this.t.http().post(path).set('cookie', this.jar()).type('form').send(body.toString());
    this.keep(res.headers['set-cookie']);
    return { status: res.status, text: res.text, location: res.headers.location };
  }
  /** A form with a file, as a browser without JavaScript sends it (multipart/form-data). */
  async postMultipart(
    path: string,
    fields: Record<string, string>,
    file: { field: string; name: string; content: Buffer },
  ): Promise<{ status: number; text: string; location?: string }> {
    const req = this.t.http().post(path).set('cookie', this.jar());
    for (const [k, v] of Object.entries(fields)) void req.field(k, v);
    const res = await req.attach(file.field, file.content, file.name);
    this.keep(res.headers['set-cookie']);
    return { status: res.status, text: res.text, location: res.headers.location };
  }
  static csrf(html: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error('no CSRF token on the page');
    return match[1];
  }
  async login(email: string, password: string): Promise<void> {
    const page = await this.get('/login');
    const res = await this.post('/login', { _csrf: Visitor.csrf(page.text), email, password, next: '/dashboard' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/dashboard');
  }
}
