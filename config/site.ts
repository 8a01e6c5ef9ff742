export const site = {
  name: "Lectern",
  description: "Interactive courses on how real systems work: read, experiment in live labs, check your understanding.",
  repo: "https://example.org/lectern",
} as const;
