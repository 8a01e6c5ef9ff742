/** The cards of the "sort the state" self-check (chapter "What counts as state"). */

export type Placement = "keep" | "move";

export interface SorterItem {
  id: string;
  /** What the server keeps, as the learner reads it on the card. */
  title: string;
  /** A concrete example (rendered as code). */
  example: string;
  answer: Placement;
  /** Why, shown as soon as the learner answers (right or wrong). */
  explanation: string;
}

export const PLACEMENT_LABEL: Readonly<Record<Placement, string>> = {
  keep: "Keep in process",
  move: "Move out",
};

/** The right answer as a clause ("…; it must move out of the process."). */
export const PLACEMENT_SENTENCE: Readonly<Record<Placement, string>> = {
  keep: "it's fine to keep in the process",
  move: "it must move out of the process",
};

export const SORTER_ITEMS: readonly SorterItem[] = [
  {
    id: "config",
    title: "Configuration read at boot",
    example: "const config = loadConfig(); // port, feature flags, database URL",
    answer: "keep",
    explanation:
      "Every server reads the same values when it starts, so any of them can answer any request. Nothing in it belongs to a particular user.",
  },
  {
    id: "cart",
    title: "Each user's shopping cart, in a Map",
    example: "carts = new Map<userId, Cart>()",
    answer: "move",
    explanation:
      "Alice's cart exists only on the server that handled her \"add to cart\". Her next request can land on another server and find it empty, and a restart empties every cart. Keep carts in Redis or the database, keyed by user.",
  },
  {
    id: "upload",
    title: "An uploaded avatar, saved to local disk",
    example: "fs.writeFile(\"./uploads/alice.png\", bytes)",
    answer: "move",
    explanation:
      "The file exists on one machine's disk only: the other servers answer 404 for it, and it disappears when that server is replaced. Put uploads in an object store such as Amazon S3 and keep only the key.",
  },
  {
    id: "db-pool",
    title: "A database connection pool",
    example: "const pool = new Pool({ max: 10 })",
    answer: "keep",
    explanation:
      "The pool holds no user's data. Its connections are interchangeable and all reach the same shared database, and every server can open its own pool. Lose the server and nobody notices.",
  },
  {
    id: "price-cache",
    title: "A cache of computed prices, the same for every user",
    example: "priceCache.set(sku, computePrice(sku))",
    answer: "keep",
    explanation:
      "It's read-only data derived from the shared database, so any server can rebuild it: a miss is slower, not wrong. Each server's copy can be briefly stale, so keep its lifetime short where that matters.",
  },
  {
    id: "login-attempts",
    title: "A count of each user's failed login attempts",
    example: "failedLogins[email] += 1",
    answer: "move",
    explanation:
      "Counted in one process, the limit is per server, not per user: with 3 servers an attacker gets 3 times the guesses, and a restart resets the count. Keep the counter in a shared store (for example Redis INCR with an expiry).",
  },
  {
    id: "session",
    title: "A user's session",
    example: "sessions[sid] = { user: \"alice\", since: now }",
    answer: "move",
    explanation:
      "This is the logout bug from the start of the module: a request that reaches another server finds no session, and Alice is asked to log in again. Keep sessions in a shared store, or put the identity in a signed token.",
  },
  {
    id: "templates",
    title: "Compiled page templates",
    example: "const page = compile(readFileSync(\"page.html\"))",
    answer: "keep",
    explanation:
      "They're built from the code, which every server has. Every server compiles the same templates, and a freshly started one simply compiles them again.",
  },
  {
    id: "wizard",
    title: "A half-finished multi-step form (step 2 of 4)",
    example: "drafts[userId] = { step: 2, address, … }",
    answer: "move",
    explanation:
      "Step 3 may reach a server that knows nothing about steps 1 and 2, and the user has to start again. Save the draft in the database or a shared store (or keep it in the browser and send it along).",
  },
  {
    id: "websocket",
    title: "An open WebSocket to one user",
    example: "sockets.set(userId, ws)",
    answer: "keep",
    explanation:
      "Fine to hold, with a catch. A connection can only live in the process that accepted it, and if that server dies the client reconnects to another one. So don't keep user state only there: unread messages or the rooms they joined belong in a shared store, and messages for the user should reach whichever server holds the socket (for example through pub/sub).",
  },
];
