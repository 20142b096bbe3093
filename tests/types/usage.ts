// Compiled with `tsc --noEmit --strict` by the test script: the declarations must accept code
// written for socket.io-client and reject misuse of typed events.
import io, { Manager, Socket, ready, version, type DisconnectReason } from "plugwire";

interface ServerToClient {
  "message:new": (msg: { id: number; content: string }) => void;
  hello: (auth: object) => void;
}
interface ClientToServer {
  "conversation:join": (id: string, ack: (res: { success: boolean; room: string }) => void) => void;
  "typing:start": (data: { conversationId: string; userName: string }) => void;
}

async function main(): Promise<void> {
  await ready;
  const v: string = version();
  const socket: Socket<ServerToClient, ClientToServer> = io("http://localhost:3003", {
    auth: { token: "t" },
    transports: ["websocket"],
    upgrade: false,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
  });
  socket.on("connect", () => console.log(socket.id, v));
  socket.on("connect_error", (err) => console.error(err.message, err.data));
  socket.on("disconnect", (reason: DisconnectReason) => console.log(reason));
  socket.on("message:new", (msg) => console.log(msg.content.toUpperCase(), msg.id + 1));
  socket.emit("conversation:join", "c1", (res) => console.log(res.success, res.room));
  const res = await socket.timeout(1000).emitWithAck("conversation:join", "c2");
  console.log(res.room);
  socket.emit("typing:start", { conversationId: "c1", userName: "ann" });
  // @ts-expect-error: the payload does not match the event map
  socket.emit("typing:start", { conversationId: 1 });
  socket.volatile.emit("typing:start", { conversationId: "c1", userName: "ann" });
  socket.onAny((event, ...args) => console.log(event, args.length));
  socket.io.on("reconnect_attempt", (n) => console.log(n + 1));
  socket.io.engine.on("upgrade", (t) => console.log(t.name));
  const chat = new Manager("http://localhost:3000", { reconnectionAttempts: 5 }).socket("/chat", { auth: (cb) => cb({ token: "x" }) });
  chat.disconnect();
}
void main;
