"use client";

export function JwtInspector() {
  return <div className="card placeholder">JwtInspector is being built.</div>;
}
