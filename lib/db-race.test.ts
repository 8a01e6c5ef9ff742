import { describe, expect, it } from "vitest";
import { isWriteRace, upsertWithRetry } from "./db-race";

describe("upsertWithRetry", () => {
  it("retries once when another writer won the insert, and only then", async () => {
    let calls = 0;
    const racing = () => (++calls === 1 ? Promise.reject(Object.assign(new Error("race"), { code: "P2002" })) : Promise.resolve("updated"));
    await expect(upsertWithRetry(racing)).resolves.toBe("updated");
    expect(calls).toBe(2);
    const broken = () => Promise.reject(Object.assign(new Error("fk"), { code: "P2003" }));
    await expect(upsertWithRetry(broken)).rejects.toThrow("fk");
    expect([isWriteRace({ code: "P2034" }), isWriteRace(null), isWriteRace("P2002")]).toEqual([true, false, false]);
  });
});
