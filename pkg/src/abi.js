// Generated from sdk/src/js/abi.rs by `npm run abi`: do not edit.
// The numbers that cross the wasm boundary, one family per line group.

// Call
export const CALL_OPEN = 0;
export const CALL_CLOSE = 1;
export const CALL_OFFLINE = 2;
export const CALL_TICK = 3;
export const CALL_DELIVER = 4;
export const CALL_STATE = 5;
export const CALL_OPTION = 6;
export const CALL_ENGINE_CLOSE = 7;
export const CALL_ENGINE_LISTEN = 8;
export const CALL_FREE_MANAGER = 9;
export const CALL_CONNECT = 10;
export const CALL_DISCONNECT = 11;
export const CALL_SOCKET_STATE = 12;
export const CALL_FREE_SOCKET = 13;
export const CALL_PAYLOAD_ERROR = 14;
export const CALL_STORE = 20;
export const CALL_LISTEN = 21;
export const CALL_UNLISTEN = 22;
export const CALL_DROP_TAGGED = 23;
export const CALL_ROUTE = 24;
export const CALL_STORE_ON = 25;
export const CALL_STATUS = 26;
export const CALL_SIZE = 27;
export const CALL_COUNTS = 28;
export const CALL_CHANNELS = 29;
export const CALL_WARN = 30;
export const CALL_STORE_CLOSE = 31;

// Input
export const INPUT_TRANSPORT_OPEN = 0;
export const INPUT_TRANSPORT_TEXT = 1;
export const INPUT_TRANSPORT_CLOSED = 2;
export const INPUT_TRANSPORT_ERROR = 3;
export const INPUT_POLL_DONE = 4;
export const INPUT_POLL_FAILED = 5;
export const INPUT_POST_DONE = 6;
export const INPUT_POST_FAILED = 7;
export const INPUT_JOIN = 10;
export const INPUT_ANSWER = 11;
export const INPUT_EMIT = 12;
export const INPUT_SOCKET = 13;
export const INPUT_OFFSET = 14;
export const INPUT_JSON = 15;

// Bytes
export const BYTES_ATTACH = 0;
export const BYTES_BINARY = 1;

// Read
export const READ_ENGINE_ID = 0;
export const READ_SOCKET_ID = 1;
export const READ_RECEIVE_BUFFER = 2;
export const READ_SEND_BUFFER = 3;

// HostN
export const HOST_N_TIMER = 0;
export const HOST_N_MICROTASK = 1;
export const HOST_N_PRIOR = 2;
export const HOST_N_JOIN = 3;
export const HOST_N_OUTGOING = 4;
export const HOST_N_RELEASE = 5;
export const HOST_N_RESULT = 6;
export const HOST_N_SUB = 7;
export const HOST_N_NEW_ENGINE = 8;
export const HOST_N_PARSE_EVENT = 9;
export const HOST_N_PARSE_ACK = 10;
export const HOST_N_PARSE_CONNECT_ERROR = 11;
export const HOST_N_REVIVE = 12;
export const HOST_N_DROP = 13;
export const HOST_N_EVENT = 14;
export const HOST_N_EVENT_RECOVERING = 15;
export const HOST_N_ACK = 16;

// HostS
export const HOST_S_IO = 0;
export const HOST_S_SETTLE = 1;
export const HOST_S_ACK_ERROR = 4;
export const HOST_S_TEXT = 5;
export const HOST_S_FIRE = 6;
export const HOST_S_UNKNOWN = 7;
export const HOST_S_JSON = 8;

// HostB
export const HOST_B_SEND = 0;
export const HOST_B_ATTACH = 1;

// Io
export const IO_OPEN_WEB_SOCKET = 0;
export const IO_SEND_TEXT = 1;
export const IO_GET = 2;
export const IO_POST = 3;
export const IO_CLOSE = 4;

// Target
export const TARGET_MANAGER = 0;
export const TARGET_ENGINE = 1;
export const TARGET_SOCKET = 2;

// ArgKind
export const ARG_KIND_NONE = 0;
export const ARG_KIND_NUM = 1;
export const ARG_KIND_ERROR = 2;
export const ARG_KIND_CLOSE = 3;
export const ARG_KIND_CLOSE_DESCRIPTION = 4;
export const ARG_KIND_CLOSE_ERROR = 5;
export const ARG_KIND_TRANSPORT = 6;
export const ARG_KIND_CONNECT_ERROR = 7;
export const ARG_KIND_TRANSPORT_ERROR = 8;
export const ARG_KIND_PACKET = 9;
export const ARG_KIND_CLOSE_TRANSPORT_ERROR = 10;

// ManagerOption
export const MANAGER_OPTION_RECONNECTION = 0;
export const MANAGER_OPTION_RECONNECTION_ATTEMPTS = 1;
export const MANAGER_OPTION_RECONNECTION_DELAY = 2;
export const MANAGER_OPTION_RECONNECTION_DELAY_MAX = 3;
export const MANAGER_OPTION_RANDOMIZATION_FACTOR = 4;
export const MANAGER_OPTION_TIMEOUT = 5;

// Driver
export const DRIVER_RELAY = 0;
export const DRIVER_ECHO = 1;

// StoreEvent
export const STORE_EVENT_CONNECT = 0;
export const STORE_EVENT_DISCONNECT = 1;
export const STORE_EVENT_CONNECT_ERROR = 2;
export const STORE_EVENT_RECONNECT_FAILED = 3;

// StoreStatus
export const STORE_STATUS_CONNECTING = 1;
export const STORE_STATUS_CONNECTED = 2;
export const STORE_STATUS_DISCONNECTED = 3;
export const STORE_STATUS_UNAVAILABLE = 4;

// Ready
export const READY_CLOSED = 0;
export const READY_OPENING = 1;
export const READY_OPEN = 2;

// Transport
export const TRANSPORT_NONE = 0;
export const TRANSPORT_POLLING = 1;
export const TRANSPORT_WEB_SOCKET = 2;

// AckCode
export const ACK_CODE_NONE = 0;
export const ACK_CODE_CALLBACK = 1;
export const ACK_CODE_PROMISE = 2;

// ManagerFlag
export const MANAGER_FLAG_UPGRADE = 1;
export const MANAGER_FLAG_REMEMBER_UPGRADE = 2;
export const MANAGER_FLAG_TRY_ALL_TRANSPORTS = 4;
export const MANAGER_FLAG_TIMESTAMP_REQUESTS = 8;
export const MANAGER_FLAG_PRIOR_WEBSOCKET = 16;
export const MANAGER_FLAG_RECONNECTION = 32;
export const MANAGER_FLAG_EIO3 = 64;
export const MANAGER_FLAG_EIO4 = 128;

// ManagerState
export const MANAGER_STATE_READY_MASK = 3;
export const MANAGER_STATE_ENGINE_OPEN = 4;
export const MANAGER_STATE_TRANSPORT_SHIFT = 3;
export const MANAGER_STATE_ENGINE_OPENING = 32;

// SocketState
export const SOCKET_STATE_CONNECTED = 1;
export const SOCKET_STATE_ACTIVE = 2;
export const SOCKET_STATE_RECOVERED = 4;
export const SOCKET_STATE_PID = 8;
export const SOCKET_STATE_JOINED = 16;

// EmitFlags
export const EMIT_FLAGS_ACK_MASK = 3;
export const EMIT_FLAGS_VOLATILE = 4;

// EngineListen
export const ENGINE_LISTEN_PACKET = 1;
export const ENGINE_LISTEN_PACKET_CREATE = 2;
export const ENGINE_LISTEN_DRAIN = 4;
