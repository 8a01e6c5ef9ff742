import { subscribeToContent, type ContentChange } from "@/lib/content/watch";
import { errorResponse } from "@/lib/http/api";

// Development only (authors' live preview): a server-sent event after every change under content/.
export const dynamic = "force-dynamic";

export function GET(req: Request) {
  if (process.env.NODE_ENV !== "development") return errorResponse(404, "Not found: live content events exist only under `npm run dev`.");
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const unsubscribe = subscribeToContent((change: ContentChange) => send(`event: change\ndata: ${JSON.stringify(change)}\n\n`));
      // A comment line now and then keeps proxies and the browser from timing the stream out.
      const ping = setInterval(() => send(": ping\n\n"), 15_000);
      stop = () => {
        clearInterval(ping);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      send("retry: 1000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
