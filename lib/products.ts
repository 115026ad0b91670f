/**
 * The loan products the servicing code knows: those with a payment waterfall
 * (lib/servicing/waterfall.ts). A loan's product is looked up in per-product
 * tables, so only these names may be given to a new or imported loan: any
 * other would silently get the defaults, and a name such as "__proto__" or
 * "constructor" would find Object.prototype's members instead of a product
 * (a loan that could never be paid).
 */
import { PRODUCT_WATERFALLS } from "./servicing/waterfall";

export const DEFAULT_PRODUCT = "standard";

/** The known products, in the order they are listed to people. */
const LOAN_PRODUCTS: readonly string[] = Object.freeze(Object.keys(PRODUCT_WATERFALLS));

export function isLoanProduct(value: unknown): value is string {
  return typeof value === "string" && Object.hasOwn(PRODUCT_WATERFALLS, value);
}

export function unknownProductMessage(value: unknown): string {
  return `product ${JSON.stringify(value)} is not one this system services; use one of: ${LOAN_PRODUCTS.join(", ")}`;
}
