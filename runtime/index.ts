/**
 * Beamlab: the one public entry of the runtime (`import ... from "beamlab"`).
 *
 * An explicit export list: what is here is the learner API of ../shared/API.md; everything
 * else under runtime/ is internal.
 */
export {
  spawn,
  spawnLink,
  spawnMonitor,
  spawnOpt,
  self,
  makeRef,
  send,
  receive,
  exit,
  link,
  unlink,
  monitor,
  demonitor,
  Process,
  IO,
  System,
} from "./kernel/api";
export type { ProcessFn, SpawnOpts, ReceiveOpts } from "./kernel/api";
export type { MemoryMeasurement } from "./kernel/protocol";
export type { ProcessInfo } from "./kernel/remote-query";
export { _ } from "./kernel/match";
/** Elixir-style text of any value, as IO.inspect prints it (Kernel.inspect/1). */
export { inspectTerm as inspect } from "./kernel/api";
export { TIMEOUT, Exit } from "./kernel/term";
export type { Pid, Ref, Tuple, Atom } from "./kernel/term";
export { GenServer } from "./otp/gen-server";
export type { From, GenServerModule, InitResult, CallResult, NoReplyResult, OnStart, StartOpts } from "./otp/gen-server";
export type { ServerRef, ViaName } from "./otp/name";
export { Task } from "./otp/task";
export type { TaskRef, YieldResult, AsyncStreamOpts } from "./otp/task";
export { Agent } from "./otp/agent";
export { ETS } from "./otp/ets";
export type { Table, TableType, TableAccess, EtsTuple, NewOpts as EtsNewOpts, TableInfo } from "./otp/ets";
export { Registry } from "./otp/registry";
export type { RegistryKeys, RegistryOpts, RegisterResult } from "./otp/registry";
export { GenStage } from "./otp/gen-stage";
export type {
  GenStageModule,
  StageFrom,
  StageType,
  DemandMode,
  CancelMode,
  SubscriptionOpts,
  SubscribeTo,
  SubscribeReply,
  ProducerOpts,
  ProducerConsumerOpts,
  ConsumerOpts,
  InitResult as StageInitResult,
  NoReplyResult as StageNoReplyResult,
  CallResult as StageCallResult,
  SubscribeResult,
  Cancellation,
  DispatcherSpec,
  PartitionOpts,
} from "./otp/gen-stage";
export { Supervisor } from "./otp/supervisor";
export type {
  SupervisorOpts,
  Strategy,
  ChildSpec,
  ChildType,
  RestartType,
  Shutdown,
  StartReturn,
  ChildPid,
  ChildInfo,
  ChildCounts,
  TerminateResult,
  DeleteResult,
  RestartResult,
  StartChildResult,
} from "./otp/supervisor";
export { DynamicSupervisor } from "./otp/dynamic-supervisor";
export type { DynamicSupervisorOpts, DynamicStartResult, DynamicChildInfo } from "./otp/dynamic-supervisor";
export type { TaskSupervisorOpts, TaskOpts, TaskStartResult } from "./otp/task-supervisor";
