# bank: a tiny in-memory bank. Accounts are dataclasses, the Bank class
# offers deposit / withdraw / transfer (withdrawing more than the balance
# raises ValueError), a fixed list of transactions is applied, failures are
# reported, and a formatted balance report is printed at the end.
from dataclasses import dataclass


@dataclass
class Account:
    owner: str
    balance: float
    transactions: int


class Bank:
    def __init__(self, name: str) -> None:
        self.name = name
        self.accounts: dict[str, Account] = {}
        self.failures = 0

    def open(self, owner: str, initial: float) -> None:
        self.accounts[owner] = Account(owner, initial, 0)

    def get(self, owner: str) -> Account:
        if owner not in self.accounts:
            raise KeyError(owner)
        return self.accounts[owner]

    def deposit(self, owner: str, amount: float) -> None:
        if amount <= 0:
            raise ValueError(f"deposit must be positive, got {amount:.2f}")
        self.get(owner)
        self.accounts[owner].balance += amount
        self.accounts[owner].transactions += 1

    def withdraw(self, owner: str, amount: float) -> None:
        balance = self.get(owner).balance
        if amount > balance:
            raise ValueError(f"insufficient funds for {owner}: balance {balance:.2f}, requested {amount:.2f}")
        self.accounts[owner].balance -= amount
        self.accounts[owner].transactions += 1

    def transfer(self, src: str, dst: str, amount: float) -> None:
        self.get(dst)
        self.withdraw(src, amount)
        self.deposit(dst, amount)

    def total(self) -> float:
        return sum(a.balance for a in self.accounts.values())


def apply(bank: Bank, kind: str, a: str, b: str, amount: float) -> None:
    if kind == "deposit":
        bank.deposit(a, amount)
    elif kind == "withdraw":
        bank.withdraw(a, amount)
    elif kind == "transfer":
        bank.transfer(a, b, amount)
    else:
        raise ValueError(f"unknown transaction kind {kind}")


def main() -> None:
    bank = Bank("First Pythonic")
    bank.open("alice", 120.0)
    bank.open("bob", 35.5)
    bank.open("carol", 0.0)

    txns: list[tuple[str, str, str, float]] = [
        ("deposit", "alice", "", 50.25),
        ("withdraw", "bob", "", 40.0),
        ("transfer", "alice", "carol", 75.5),
        ("deposit", "carol", "", -5.0),
        ("transfer", "bob", "dave", 10.0),
        ("withdraw", "carol", "", 20.125),
        ("refund", "alice", "", 1.0),
        ("transfer", "carol", "bob", 55.375),
        ("deposit", "bob", "", 1234.5),
    ]

    for i, (kind, a, b, amount) in enumerate(txns):
        try:
            apply(bank, kind, a, b, amount)
            print(f"#{i + 1:<2} ok    {kind:<8} {amount:>10.2f}")
        except ValueError as e:
            bank.failures += 1
            print(f"#{i + 1:<2} error {kind:<8} {amount:>10.2f}  {e}")
        except KeyError as e:
            bank.failures += 1
            print(f"#{i + 1:<2} error {kind:<8} {amount:>10.2f}  no such account {e}")

    print(f"=== {bank.name} ===")
    for owner in sorted(bank.accounts.keys()):
        acct = bank.accounts[owner]
        print(f"{acct.owner:<8}|{acct.balance:>10.2f}|{acct.transactions:>3}")
    print(f"{'total':<8}|{bank.total():>10.2f}|")
    print(f"failures: {bank.failures}")


if __name__ == "__main__":
    main()
