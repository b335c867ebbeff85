# richards: Martin Richards' operating-system scheduler benchmark, after the
# classic Python translation. Tasks (an idle task, a worker, two packet
# handlers and two devices) are classes that inherit from Task, which itself
# inherits its state flags from TaskState; each overrides fn(). The scheduler
# is run N times (first argument) and the hold / queue-packet counts printed.
from __future__ import annotations

import sys

I_IDLE = 1
I_WORK = 2
I_HANDLERA = 3
I_HANDLERB = 4
I_DEVA = 5
I_DEVB = 6

K_DEV = 1000
K_WORK = 1001

BUFSIZE = 4
TASKTABSIZE = 10


class Packet:
    def __init__(self, link: Packet | None, ident: int, kind: int) -> None:
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data: list[int] = [0] * BUFSIZE

    def append_to(self, lst: Packet | None) -> Packet:
        self.link = None
        if lst is None:
            return self
        p = lst
        nxt = p.link
        while nxt is not None:
            p = nxt
            nxt = p.link
        p.link = self
        return lst


class DeviceTaskRec:
    def __init__(self) -> None:
        self.pending: Packet | None = None


class IdleTaskRec:
    def __init__(self) -> None:
        self.control = 1
        self.count = 10000


class HandlerTaskRec:
    def __init__(self) -> None:
        self.work_in: Packet | None = None
        self.device_in: Packet | None = None

    def work_in_add(self, p: Packet) -> Packet:
        self.work_in = p.append_to(self.work_in)
        return self.work_in

    def device_in_add(self, p: Packet) -> Packet:
        self.device_in = p.append_to(self.device_in)
        return self.device_in


class WorkerTaskRec:
    def __init__(self) -> None:
        self.destination = I_HANDLERA
        self.count = 0


class TaskState:
    def __init__(self) -> None:
        self.packet_pending = True
        self.task_waiting = False
        self.task_holding = False

    def packet_pending_state(self) -> TaskState:
        self.packet_pending = True
        self.task_waiting = False
        self.task_holding = False
        return self

    def waiting(self) -> TaskState:
        self.packet_pending = False
        self.task_waiting = True
        self.task_holding = False
        return self

    def running(self) -> TaskState:
        self.packet_pending = False
        self.task_waiting = False
        self.task_holding = False
        return self

    def waiting_with_packet(self) -> TaskState:
        self.packet_pending = True
        self.task_waiting = True
        self.task_holding = False
        return self

    def is_task_holding_or_waiting(self) -> bool:
        return self.task_holding or (not self.packet_pending and self.task_waiting)

    def is_waiting_with_packet(self) -> bool:
        return self.packet_pending and self.task_waiting and not self.task_holding


class TaskWorkArea:
    def __init__(self) -> None:
        self.task_tab: list[Task | None] = [None] * TASKTABSIZE
        self.task_list: Task | None = None
        self.hold_count = 0
        self.qpkt_count = 0


task_work_area = TaskWorkArea()


class Task(TaskState):
    def __init__(self, ident: int, priority: int, input: Packet | None,
                 initial_state: TaskState) -> None:
        super().__init__()
        self.link = task_work_area.task_list
        self.ident = ident
        self.priority = priority
        self.input = input
        self.packet_pending = initial_state.packet_pending
        self.task_waiting = initial_state.task_waiting
        self.task_holding = initial_state.task_holding
        task_work_area.task_list = self
        task_work_area.task_tab[ident] = self

    def fn(self, pkt: Packet | None) -> Task | None:
        raise NotImplementedError("fn")

    def add_packet(self, p: Packet, old: Task) -> Task:
        if self.input is None:
            self.input = p
            self.packet_pending = True
            if self.priority > old.priority:
                return self
        else:
            p.append_to(self.input)
        return old

    def run_task(self) -> Task | None:
        msg: Packet | None = None
        if self.is_waiting_with_packet():
            msg = self.input
            assert msg is not None
            self.input = msg.link
            if self.input is None:
                self.running()
            else:
                self.packet_pending_state()
        return self.fn(msg)

    def wait_task(self) -> Task:
        self.task_waiting = True
        return self

    def hold(self) -> Task | None:
        task_work_area.hold_count += 1
        self.task_holding = True
        return self.link

    def release(self, ident: int) -> Task:
        t = self.find_tcb(ident)
        t.task_holding = False
        if t.priority > self.priority:
            return t
        return self

    def qpkt(self, pkt: Packet) -> Task:
        t = self.find_tcb(pkt.ident)
        task_work_area.qpkt_count += 1
        pkt.link = None
        pkt.ident = self.ident
        return t.add_packet(pkt, self)

    def find_tcb(self, ident: int) -> Task:
        t = task_work_area.task_tab[ident]
        if t is None:
            raise ValueError(f"Bad task id {ident}")
        return t


class DeviceTask(Task):
    def __init__(self, ident: int, priority: int, input: Packet | None,
                 initial_state: TaskState, rec: DeviceTaskRec) -> None:
        super().__init__(ident, priority, input, initial_state)
        self.rec = rec

    def fn(self, pkt: Packet | None) -> Task | None:
        d = self.rec
        if pkt is None:
            pkt = d.pending
            if pkt is None:
                return self.wait_task()
            d.pending = None
            return self.qpkt(pkt)
        d.pending = pkt
        return self.hold()


class HandlerTask(Task):
    def __init__(self, ident: int, priority: int, input: Packet | None,
                 initial_state: TaskState, rec: HandlerTaskRec) -> None:
        super().__init__(ident, priority, input, initial_state)
        self.rec = rec

    def fn(self, pkt: Packet | None) -> Task | None:
        h = self.rec
        if pkt is not None:
            if pkt.kind == K_WORK:
                h.work_in_add(pkt)
            else:
                h.device_in_add(pkt)
        work = h.work_in
        if work is None:
            return self.wait_task()
        count = work.datum
        if count >= BUFSIZE:
            h.work_in = work.link
            return self.qpkt(work)
        dev = h.device_in
        if dev is None:
            return self.wait_task()
        h.device_in = dev.link
        dev.datum = work.data[count]
        work.datum = count + 1
        return self.qpkt(dev)


class IdleTask(Task):
    def __init__(self, ident: int, priority: int, input: Packet | None,
                 initial_state: TaskState, rec: IdleTaskRec) -> None:
        super().__init__(ident, priority, input, initial_state)
        self.rec = rec

    def fn(self, pkt: Packet | None) -> Task | None:
        i = self.rec
        i.count -= 1
        if i.count == 0:
            return self.hold()
        if i.control & 1 == 0:
            i.control //= 2
            return self.release(I_DEVA)
        i.control = i.control // 2 ^ 0xD008
        return self.release(I_DEVB)


class WorkTask(Task):
    def __init__(self, ident: int, priority: int, input: Packet | None,
                 initial_state: TaskState, rec: WorkerTaskRec) -> None:
        super().__init__(ident, priority, input, initial_state)
        self.rec = rec

    def fn(self, pkt: Packet | None) -> Task | None:
        w = self.rec
        if pkt is None:
            return self.wait_task()
        dest = I_HANDLERB if w.destination == I_HANDLERA else I_HANDLERA
        w.destination = dest
        pkt.ident = dest
        pkt.datum = 0
        for i in range(BUFSIZE):
            w.count += 1
            if w.count > 26:
                w.count = 1
            pkt.data[i] = ord("A") + w.count - 1
        return self.qpkt(pkt)


def schedule() -> None:
    t = task_work_area.task_list
    while t is not None:
        if t.is_task_holding_or_waiting():
            t = t.link
        else:
            t = t.run_task()


def run_once() -> tuple[int, int]:
    task_work_area.hold_count = 0
    task_work_area.qpkt_count = 0
    task_work_area.task_list = None
    task_work_area.task_tab = [None] * TASKTABSIZE

    IdleTask(I_IDLE, 1, None, TaskState().running(), IdleTaskRec())

    wkq = Packet(None, 0, K_WORK)
    wkq = Packet(wkq, 0, K_WORK)
    WorkTask(I_WORK, 1000, wkq, TaskState().waiting_with_packet(), WorkerTaskRec())

    wkq = Packet(None, I_DEVA, K_DEV)
    wkq = Packet(wkq, I_DEVA, K_DEV)
    wkq = Packet(wkq, I_DEVA, K_DEV)
    HandlerTask(I_HANDLERA, 2000, wkq, TaskState().waiting_with_packet(), HandlerTaskRec())

    wkq = Packet(None, I_DEVB, K_DEV)
    wkq = Packet(wkq, I_DEVB, K_DEV)
    wkq = Packet(wkq, I_DEVB, K_DEV)
    HandlerTask(I_HANDLERB, 3000, wkq, TaskState().waiting_with_packet(), HandlerTaskRec())

    DeviceTask(I_DEVA, 4000, None, TaskState().waiting(), DeviceTaskRec())
    DeviceTask(I_DEVB, 5000, None, TaskState().waiting(), DeviceTaskRec())

    schedule()
    return task_work_area.hold_count, task_work_area.qpkt_count


def main() -> None:
    iterations = 25
    if len(sys.argv) > 1:
        iterations = int(sys.argv[1])
    total_hold = 0
    total_qpkt = 0
    ok = True
    for _ in range(iterations):
        hold, qpkt = run_once()
        total_hold += hold
        total_qpkt += qpkt
        if hold != 9297 or qpkt != 23246:
            ok = False
    print(f"iterations: {iterations}")
    print(f"hold count: {total_hold}")
    print(f"qpkt count: {total_qpkt}")
    print("ok" if ok else "wrong result")


if __name__ == "__main__":
    main()
