// Code written for socket.io-client, type-checked twice under `strict`: against socket.io-client's
// own declarations (tsconfig.sioc.json) and against plugwire's in its place
// (tsconfig.plugwire.json). Both must accept it: what apps rely on has the same types.
import { io, Manager, type Socket } from "socket.io-client";

interface ServerToClient {
  "message:new": (msg: { id: number; content: string }) => void;
  "user:online": (data: { userId: string }) => void;
}
interface ClientToServer {
  "conversation:join": (id: string, ack: (res: { success: boolean; room: string }) => void) => void;
  "message:send": (data: { text: string }) => void;
}

export async function untyped(): Promise<void> {
  const socket = io("https://api.example.com", { path: "/realtime", auth: { token: "t" }, transports: ["websocket", "polling"] });
  socket.timeout(5000).emit("join", "room-2", (err: Error | null, res: unknown) => console.log(err?.message, res));
  const ack = await socket.timeout(5000).emitWithAck("conversation:join", "c1");
  socket.emit("join", "discussion:123", (res: { success: boolean }) => console.log(res.success));
  socket.io.engine.on("packet", ({ type, data }) => console.log(type, data));
  socket.io.engine.on("packetCreate", (packet) => console.log(packet.type));
  socket.io.engine.on("upgrade", (transport) => console.log("now on", transport.name));
  socket.io.engine.on("close", (reason) => console.log(reason));
  socket.io.engine.on("heartbeat", () => {});
  const transport: string = socket.io.engine.transport.name;
  socket.io.on("reconnect_attempt", (n) => console.log(n + 1));
  socket.io.on("reconnect", (n) => console.log(n));
  socket.io.on("error", (err) => console.log(err.message));
  socket.on("connect_error", (err) => console.log(err.message));
  socket.on("disconnect", (reason, details) => console.log(reason, details));
  socket.onAny((event, ...args) => console.log(event, args));
  socket.volatile.emit("typing");
  const id: string | undefined = socket.id;
  console.log(ack, transport, id, socket.connected, socket.active);
}

export async function typed(): Promise<void> {
  const socket: Socket<ServerToClient, ClientToServer> = io("http://localhost:3003", { reconnectionDelay: 1000, reconnectionDelayMax: 5000 });
  socket.on("message:new", (msg) => console.log(msg.content.toUpperCase()));
  socket.emit("conversation:join", "c1", (res) => console.log(res.room));
  socket.timeout(1000).emit("conversation:join", "c1", (err, res) => console.log(err.message, res.success));
  const res = await socket.timeout(1000).emitWithAck("conversation:join", "c2");
  console.log(res.room);
  const direct = await socket.emitWithAck("conversation:join", "c3");
  console.log(direct.success);
  socket.emit("message:send", { text: "hi" });
  const chat = new Manager("http://localhost:3000", { reconnectionAttempts: 5 }).socket("/chat", { auth: (cb) => cb({ token: "x" }) });
  chat.disconnect();
}
