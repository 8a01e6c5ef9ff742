"use client";

import { useEffect, useState } from "react";
import { CopyButton } from "@/components/authoring/copy-button";

/** The class's join link as a learner would receive it: the full address, a link, and a copy button. */
export function JoinLink({ code }: { code: string }) {
  const path = `/join?code=${encodeURIComponent(code)}`;
  const [href, setHref] = useState(path);
  // The site's own address is only known in the browser (Lectern runs behind any host name).
  useEffect(() => setHref(`${window.location.origin}${path}`), [path]);
  return (
    <>
      <a className="dash-link" href={path} id={`join-link-${code}`}>
        {href}
      </a>{" "}
      <CopyButton text={href} label="Copy the join link" targetId={`join-link-${code}`} />
    </>
  );
}
