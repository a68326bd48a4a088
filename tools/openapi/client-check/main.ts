// A third party's client, written against types GENERATED from the live OpenAPI document (openapi-typescript),
// calling the API through openapi-fetch. AetherLearn.Tests/Common/OpenApiClientTests.cs generates ./schema.d.ts next
// to a copy of this file, type-checks it with tsc (a renamed path, a missing schema or an undescribed error fails
// here) and runs it against the app: node main.js <baseUrl> <email> <password>.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.js";

type ErrorEnvelope = components["schemas"]["ErrorEnvelope"];

const [baseUrl, email, password] = process.argv.slice(2);
if (!baseUrl || !email || !password) { throw new Error("usage: node main.js <baseUrl> <email> <password>"); }

const client = createClient<paths>({ baseUrl });

// A wrong password is an error answer described with the envelope: `error` is typed, not `unknown`.
const refused = await client.POST("/api/v1/auth/token", { body: { email, password: password + "-wrong" } });
const refusal: ErrorEnvelope | undefined = refused.error;
if (refused.response.status !== 401 || refusal?.success !== false || typeof refusal.error !== "string") {
  throw new Error(`a wrong password should be a 401 envelope, got ${refused.response.status} ${JSON.stringify(refused.error)}`);
}

const signedIn = await client.POST("/api/v1/auth/token", { body: { email, password } });
const token = signedIn.data?.data?.accessToken;
if (!token) { throw new Error(`sign-in failed: ${signedIn.response.status} ${JSON.stringify(signedIn.error)}`); }

// The document declares the bearer scheme on every operation that needs it; openapi-fetch leaves sending it to a middleware.
const bearer: Middleware = {
  onRequest({ request }) {
    request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};
client.use(bearer);

const today = await client.GET("/api/v1/sessions/today");
if (today.error || !today.data?.data) { throw new Error(`today's sessions failed: ${today.response.status} ${JSON.stringify(today.error)}`); }
// The document says what the API writes: an envelope field left out when empty is optional in the generated
// types (this line stops compiling if `hasMore`, which a non-cursor list never carries, becomes required).
const hasMoreIsOptional: undefined extends typeof today.data.hasMore ? true : false = true;
if (hasMoreIsOptional && "hasMore" in today.data) { throw new Error("a plain list carries no hasMore"); }
const sessions = today.data.data.map(s => ({ id: s.id, title: s.title, status: s.status, startsAt: s.startsAt }));

const me = await client.GET("/api/auth/session");
const tutor = me.data?.data?.user.name;

console.log(JSON.stringify({ tutor, sessions }));
