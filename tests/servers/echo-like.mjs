// A Node socket.io 4.8 server that behaves as laravel-echo-server documents: `subscribe` joins
// the channel's room (private channels need a `Bearer ok` authorization header), events go to
// the room as (event, channel, data), a refused private channel gets
// `subscription_error (channel, status)`. And a plain relay server like the tool plugwire
// replaces: every client emit goes to every other client as (data).
import { startReferenceServer } from "./reference.mjs";

export function startEchoLike(options = {}) {
  return startReferenceServer({
    bare: true,
    ...options,
    setup(io) {
      io.on("connection", (socket) => {
        socket.on("subscribe", (data) => {
          const channel = data?.channel;
          if (!channel) return;
          const isPrivate = channel.startsWith("private-") || channel.startsWith("private.");
          if (isPrivate && data?.auth?.headers?.Authorization !== "Bearer ok") {
            socket.emit("subscription_error", channel, 403);
            return;
          }
          socket.join(channel);
        });
        socket.on("unsubscribe", (data) => socket.leave(data?.channel));
        // Test control: broadcast to a channel's room.
        socket.on("test:broadcast", (event, channel, data) => io.to(channel).emit(event, channel, data));
      });
    },
  });
}

export function startRelay(options = {}) {
  return startReferenceServer({
    bare: true,
    ...options,
    setup(io) {
      io.on("connection", (socket) => {
        socket.onAny((event, data) => socket.broadcast.emit(event, data));
      });
    },
  });
}
