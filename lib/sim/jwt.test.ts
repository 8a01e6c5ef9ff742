import { base64url, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createJoseJwt, createReplayJwt, decodeUnverified, tamperToken } from "./jwt";
import { TEST_SECRET } from "./test-helpers";
import { JwtVerifyResultSchema, SIM_EPOCH, type LabClaims } from "./types";

const claims: LabClaims = { sub: "alice", name: "Alice", iat: SIM_EPOCH + 1, exp: SIM_EPOCH + 901 };
const enc = (value: unknown) => base64url.encode(JSON.stringify(value));

describe("createJoseJwt", () => {
  const jwt = createJoseJwt(TEST_SECRET);

  it("refuses a secret shorter than 32 bytes", () => {
    expect(() => createJoseJwt(new Uint8Array(31))).toThrow(RangeError);
  });

  it("signs deterministically with the claims in a fixed order", async () => {
    const a = await jwt.sign(claims);
    const b = await createJoseJwt(TEST_SECRET).sign({ exp: claims.exp, iat: claims.iat, name: "Alice", sub: "alice" });
    expect(a).toBe(b);
    expect(a.split(".")[0]).toBe(enc({ alg: "HS256", typ: "JWT" }));
    expect(a.split(".")[1]).toBe(enc(claims));
  });

  it("verifies at the virtual clock: valid before exp, expired at and after exp", async () => {
    const token = await jwt.sign(claims);
    const ok = await jwt.verify(token, claims.iat);
    expect(ok).toEqual({ valid: true, reason: "ok", header: { alg: "HS256", typ: "JWT" }, payload: claims });
    expect((await jwt.verify(token, claims.exp - 1)).valid).toBe(true);
    const expired = await jwt.verify(token, claims.exp);
    expect(expired).toMatchObject({ valid: false, reason: "expired", payload: claims });
    expect((await jwt.verify(token, claims.exp + 86_400)).reason).toBe("expired");
    expect(JwtVerifyResultSchema.parse(expired)).toEqual(expired);
  });

  it("refuses a token signed with another secret, and a tampered payload, as bad-signature", async () => {
    const other = await createJoseJwt(new Uint8Array(32).fill(1)).sign(claims);
    expect((await jwt.verify(other, claims.iat)).reason).toBe("bad-signature");
    const token = await jwt.sign(claims);
    const tampered = tamperToken(token, { sub: "mallory" })!;
    const result = await jwt.verify(tampered, claims.iat);
    expect(result).toMatchObject({ valid: false, reason: "bad-signature", payload: { ...claims, sub: "mallory" } });
  });

  it("checks the signature before exp: a tampered expired token is bad-signature", async () => {
    const tampered = tamperToken(await jwt.sign(claims), { admin: true })!;
    expect((await jwt.verify(tampered, claims.exp + 10)).reason).toBe("bad-signature");
  });

  it("pins HS256: alg none, HS512 and RS256 tokens are alg-not-allowed", async () => {
    const none = `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`;
    expect((await jwt.verify(none, claims.iat)).reason).toBe("alg-not-allowed");

    const hs512 = await new SignJWT({ ...claims }).setProtectedHeader({ alg: "HS512" }).sign(new Uint8Array(64).fill(3));
    expect((await jwt.verify(hs512, claims.iat)).reason).toBe("alg-not-allowed");
    // even HS512 with the very same secret
    const hs512same = await new SignJWT({ ...claims }).setProtectedHeader({ alg: "HS512" }).sign(TEST_SECRET);
    expect((await jwt.verify(hs512same, claims.iat)).reason).toBe("alg-not-allowed");

    const { privateKey } = await generateKeyPair("RS256");
    const rs256 = await new SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
    const result = await jwt.verify(rs256, claims.iat);
    expect(result).toMatchObject({ valid: false, reason: "alg-not-allowed", header: { alg: "RS256" }, payload: claims });
  });

  it("reports garbage as malformed with null header/payload where they do not decode", async () => {
    for (const token of ["", "abc", "a.b", "a.b.c", "a.b.c.d.e", "....", `${enc([1])}.${enc(claims)}.sig`]) {
      const result = await jwt.verify(token, claims.iat);
      expect(result.valid, token).toBe(false);
      expect(result.reason, token).toBe("malformed");
    }
    const noAlg = `${enc({ typ: "JWT" })}.${enc(claims)}.c2ln`;
    expect(await jwt.verify(noAlg, claims.iat)).toMatchObject({ reason: "malformed", header: { typ: "JWT" }, payload: claims });
    const badPayload = `${enc({ alg: "HS256" })}.${base64url.encode("not json")}.c2ln`;
    expect(await jwt.verify(badPayload, claims.iat)).toMatchObject({ reason: "bad-signature", payload: null });
  });
});

describe("createReplayJwt", () => {
  it("gives the same verdicts as jose for the tokens the engine can produce", async () => {
    const real = createJoseJwt(TEST_SECRET);
    const replay = createReplayJwt();
    const realToken = await real.sign(claims);
    const replayToken = replay.sign(claims);
    expect(replayToken.split(".").slice(0, 2)).toEqual(realToken.split(".").slice(0, 2));
    expect(replayToken.split(".")[2]).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const variants = (token: string) => [
      token,
      tamperToken(token, { sub: "mallory" })!,
      tamperToken(token, { sub: "alice" })!, // unchanged
      tamperToken(token, { exp: claims.exp + 5000 })!,
      `${enc({ alg: "none" })}.${token.split(".")[1]}.`,
      `${enc({ alg: "HS512" })}.${token.split(".")[1]}.${token.split(".")[2]}`,
      "garbage",
    ];
    const realVariants = variants(realToken);
    const replayVariants = variants(replayToken);
    for (const at of [claims.iat, claims.exp - 1, claims.exp, claims.exp + 100]) {
      for (let i = 0; i < realVariants.length; i++) {
        const r = await real.verify(realVariants[i]!, at);
        const p = replay.verify(replayVariants[i]!, at);
        expect({ i, at, reason: p.reason, valid: p.valid }).toEqual({ i, at, reason: r.reason, valid: r.valid });
        expect(p.payload).toEqual(r.payload);
      }
    }
  });

  it("does not accept a token minted by another replay instance", () => {
    const token = createReplayJwt().sign(claims);
    expect(createReplayJwt().verify(token, claims.iat).reason).toBe("bad-signature");
  });
});

describe("tamperToken", () => {
  it("merges claims, keeps header and signature, and returns null for non-JWTs", () => {
    const token = `${enc({ alg: "HS256", typ: "JWT" })}.${enc(claims)}.SIG`;
    const edited = tamperToken(token, { name: "Mallory", role: "admin" })!;
    const [h, , s] = edited.split(".");
    expect(h).toBe(token.split(".")[0]);
    expect(s).toBe("SIG");
    expect(decodeUnverified(edited).payload).toEqual({ ...claims, name: "Mallory", role: "admin" });
    expect(tamperToken(token, {})).toBe(token);
    expect(tamperToken("nope", { a: 1 })).toBeNull();
    expect(tamperToken(`${enc({ alg: "HS256" })}.${enc([1, 2])}.x`, { a: 1 })).toBeNull();
  });

  it("treats a __proto__ claim as plain data", () => {
    const token = `${enc({ alg: "HS256" })}.${enc(claims)}.SIG`;
    const edited = tamperToken(token, JSON.parse('{"__proto__": "x"}') as Record<string, string>)!;
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(edited.split(".")[1]).toBe(enc(JSON.parse(`{"sub":"alice","name":"Alice","iat":${claims.iat},"exp":${claims.exp},"__proto__":"x"}`)));
  });
});
