"use client";

export function StateSorter() {
  return <div className="card placeholder">StateSorter is being built.</div>;
}
