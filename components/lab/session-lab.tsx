"use client";

export function SessionLab() {
  return <div className="card placeholder">SessionLab is being built.</div>;
}
