// Real data for the report's board page, written through the web server's /api proxy as a
// browser would: an owner, two teammates, one board with tasks in every column (assignees, due
// dates, descriptions). Returns the board and the owner's session cookie.
const PASSWORD = "correct horse battery staple";

/** `name=value` pairs of a response's Set-Cookie headers. */
function cookiesOf(response) {
  return Object.fromEntries(
    response.headers.getSetCookie().map((line) => {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

async function call(baseUrl, method, path, { body, cookies = {}, expect = [200, 201] } = {}) {
  const headers = { "content-type": "application/json" };
  const cookieHeader = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  if (cookieHeader) headers.cookie = cookieHeader;
  if (cookies.tb_csrf) headers["x-csrf-token"] = decodeURIComponent(cookies.tb_csrf);
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!expect.includes(response.status)) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  }
  return { response, data: response.status === 204 ? undefined : await response.json() };
}

async function signUp(baseUrl, name, suffix) {
  const email = `${name.toLowerCase()}-${suffix}@example.com`;
  await call(baseUrl, "POST", "/api/v1/auth/register", {
    body: { email, password: PASSWORD, display_name: name },
  });
  const { response } = await call(baseUrl, "POST", "/api/v1/auth/login", {
    body: { email, password: PASSWORD },
  });
  return { email, cookies: cookiesOf(response) };
}

const TITLES = [
  "Sketch the onboarding flow",
  "Write the release notes",
  "Fix the flaky sign-in test",
  "Review the API error codes",
  "Plan the next sprint",
  "Update the deployment guide",
  "Check colour contrast in dark mode",
  "Profile the board page",
  "Migrate the staging database",
  "Answer the support backlog",
];

/** Seed the data and return `{ boardId, cookieHeader, tasks }`. */
export async function seedBoard(baseUrl, { tasks = 24 } = {}) {
  const suffix = Date.now().toString(36);
  const owner = await signUp(baseUrl, "Ada", suffix);
  const teammates = [
    await signUp(baseUrl, "Grace", suffix),
    await signUp(baseUrl, "Linus", suffix),
  ];
  const { data: board } = await call(baseUrl, "POST", "/api/v1/boards", {
    body: { name: "Release 2.0" },
    cookies: owner.cookies,
  });
  const assignees = [null];
  for (const [index, mate] of teammates.entries()) {
    const { data: member } = await call(baseUrl, "POST", `/api/v1/boards/${board.id}/members`, {
      body: { email: mate.email, role: index === 0 ? "editor" : "viewer" },
      cookies: owner.cookies,
    });
    assignees.push(member.user_id);
  }
  const statuses = ["todo", "doing", "done"];
  for (let i = 0; i < tasks; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    await call(baseUrl, "POST", `/api/v1/boards/${board.id}/tasks`, {
      body: {
        title: `${TITLES[i % TITLES.length]} (#${i + 1})`,
        description: i % 2 ? "" : "Notes, links and the acceptance criteria for this task.",
        status: statuses[i % statuses.length],
        assignee_id: assignees[i % assignees.length],
        due_date: i % 3 ? `2027-03-${day}` : null,
      },
      cookies: owner.cookies,
    });
  }
  const cookieHeader = Object.entries(owner.cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return { boardId: board.id, cookieHeader, tasks, title: TITLES[0] };
}
