// plugwire/msgpack and plugwire/parser are typed. Compiled with `tsc --strict`.
import { io, createStore } from "plugwire";
import parser from "plugwire/msgpack";
import { parser as named } from "plugwire/msgpack";
import { customParser } from "plugwire/parser";

io("http://localhost:3000", { parser });
io("http://localhost:3000", { parser: named, transports: ["websocket"] });
createStore({ io: { parser } });

class Encoder {
  encode(packet: object): Uint8Array[] {
    return [new TextEncoder().encode(JSON.stringify(packet))];
  }
}
class Decoder {
  add(chunk: unknown): void {
    void chunk;
  }
  on(event: "decoded", fn: (packet: object) => void): this {
    void event;
    void fn;
    return this;
  }
}
io("http://localhost:3000", { parser: customParser({ Encoder, Decoder }) });
// A parser made by customParser can be wrapped again (it is returned as it is).
customParser(customParser({ Encoder, Decoder }));
