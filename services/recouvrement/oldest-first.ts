// Money matched to what is owed, both already in order (oldest payment first, oldest debt first):
// each debt takes from the oldest payment with money left until it is paid or the money runs out.
// The employers' calls and the members' debts share it (allocate.ts, quote-parts/member-allocate.ts).

export function oldestFirst(
  money: readonly { id: string; remaining: number }[],
  due: readonly { id: string; due: number }[],
): { paymentId: string; owedId: string; amount: number }[] {
  const parts: { paymentId: string; owedId: string; amount: number }[] = [];
  const left = money.map((m) => m.remaining);
  let p = 0;
  for (const owed of due) {
    let rest = owed.due;
    while (rest > 0 && p < money.length) {
      const take = Math.min(rest, left[p] as number);
      parts.push({ paymentId: (money[p] as { id: string }).id, owedId: owed.id, amount: take });
      rest -= take;
      left[p] = (left[p] as number) - take;
      if (left[p] === 0) p++;
    }
  }
  return parts;
}
