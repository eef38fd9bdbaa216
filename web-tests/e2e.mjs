// Browser end-to-end test of the web page (issue 6): headless Debian chromium, driven by
// playwright-core, against a running `replenish serve`. run.sh starts the server on a freshly
// generated lake and passes:
//   REPLENISH_URL   the URL the server printed ("Open http://127.0.0.1:PORT/")
//   REPLENISH_RAW   the generated raw files (to pick ids independently of the API)
//   ARTIFACTS_DIR   where screenshots go
//   CHROMIUM_PATH   the browser binary (default /usr/bin/chromium)
// Expected values come from the API's own JSON answers and the generated files, never from the
// page's code.
import { describe, it, before, after, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test through web-tests/run.sh`);
  return value;
}

const baseUrl = required("REPLENISH_URL");
const rawDir = required("REPLENISH_RAW");
const artifacts = required("ARTIFACTS_DIR");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
mkdirSync(artifacts, { recursive: true });

/** The display rule the page promises: a percentage with one decimal, two below 0.1 %. */
function asPercent(p) {
  return (p * 100).toFixed(p < 0.001 ? 2 : 1) + "%";
}

async function api(path, postBody) {
  const response = await fetch(new URL(path, baseUrl), postBody === undefined ? {}
    : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(postBody) });
  return { status: response.status, body: await response.json() };
}

/** Rows of a generated CSV file without quoted commas in the columns we read (ids only). */
function csvRows(file) {
  return readFileSync(join(rawDir, file), "utf8").trim().split("\n").slice(1).map((line) => line.split(","));
}

let browser;
let page;
let apiRequests; // every /v1/ request the page made in the current test
let subject; // { userId, productId, basket, probability } chosen in before()

before(async () => {
  // The customer and the products they bought, from the generated files.
  const orderUser = new Map(csvRows("orders.csv").map(([orderId, userId]) => [orderId, userId]));
  const bought = new Map();
  for (const [orderId, productId] of csvRows("order_products__prior.csv")) {
    const userId = orderUser.get(orderId);
    if (!bought.has(userId)) bought.set(userId, new Set());
    bought.get(userId).add(productId);
  }
  const knownUsers = new Set(orderUser.values());
  // A user whose predicted basket is neither empty nor everything, so highlighting is checkable both ways.
  for (const userId of knownUsers) {
    const { status, body } = await api(`/v1/users/${userId}/next-basket`);
    if (status !== 200 || body.basket.length === 0 || body.basket.length >= body.candidates.length) continue;
    // A product the user bought (per the raw files) that is not the top candidate.
    const candidate = body.candidates.find((c, i) => i > 0 && bought.get(userId).has(c.productId));
    if (!candidate) continue;
    const single = await api(`/v1/users/${userId}/products/${candidate.productId}/reorder-probability`);
    assert.equal(single.status, 200, JSON.stringify(single.body));
    const productIds = csvRows("products.csv").map((r) => r[0]);
    const everything = await api(`/v1/users/${userId}/next-basket?limit=500`);
    assert.ok(everything.body.candidateCount <= 500, "the subject has more candidates than one answer lists");
    const allCandidates = new Set(everything.body.candidates.map((c) => c.productId));
    subject = {
      userId,
      basketAnswer: body,
      productId: candidate.productId,
      probabilityAnswer: single.body,
      unknownUser: String(Math.max(...[...knownUsers].map(Number)) + 1000),
      // Neither bought nor suggested: every candidate of the user is in the 500-long list.
      neverBought: productIds.find((p) => !bought.get(userId).has(p) && !allCandidates.has(p)),
    };
    break;
  }
  assert.ok(subject, "no user in the generated data has a basket that is neither empty nor every candidate");
  // A candidate of the subject's basket list that other products are bought together with.
  for (const candidate of subject.basketAnswer.candidates) {
    const similar = await api(`/v1/products/${candidate.productId}/similar`);
    assert.equal(similar.status, 200, JSON.stringify(similar.body));
    if (similar.body.similar.length === 0) continue;
    const single = await api(`/v1/users/${subject.userId}/products/${candidate.productId}/reorder-probability`);
    subject.withSimilar = { productId: candidate.productId, similarAnswer: similar.body, probabilityAnswer: single.body };
    break;
  }
  assert.ok(subject.withSimilar, "no candidate of the subject has a bought-together list");
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
});

after(async () => {
  if (browser) await browser.close();
});

async function openPage(viewport) {
  const context = await browser.newContext(viewport);
  page = await context.newPage();
  apiRequests = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/v1/")) apiRequests.push(request.url());
  });
  const consoleErrors = [];
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.consoleErrors = consoleErrors;
  // The page asks health for example customers as it opens; the tests count the requests after that.
  const health = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/health");
  await page.goto(baseUrl);
  await health;
  apiRequests.length = 0;
  return page;
}

beforeEach(async () => {
  await openPage({ viewport: { width: 1280, height: 900 } });
});

afterEach(async () => {
  const errors = page.consoleErrors;
  await page.context().close();
  assert.deepEqual(errors, [], "the page threw JavaScript errors");
});

const errorRegion = () => page.getByRole("alert");

describe("the Replenish page against replenish serve", () => {
  it("shows the API's reorder probability after typing ids and pressing Enter", async () => {
    // GIVEN a customer and a product they bought, and the API's probability for the pair
    const { userId, productId, probabilityAnswer } = subject;
    // WHEN the ids are typed into the labelled fields and Enter is pressed in the product field
    await page.getByLabel("Customer id").fill(userId);
    await page.getByLabel("Product id").fill(productId);
    await page.getByLabel("Product id").press("Enter");
    // THEN the page shows the same probability, formatted as a percentage, with the product's name
    const value = page.getByTestId("probability");
    await value.waitFor({ state: "visible" });
    assert.equal(await value.textContent(), asPercent(probabilityAnswer.probability));
    const sentence = await page.locator("#probability-text").textContent();
    assert.ok(sentence.includes(probabilityAnswer.product.name), `"${sentence}" names ${probabilityAnswer.product.name}`);
    assert.ok(sentence.includes(`customer ${userId}`), `"${sentence}" names customer ${userId}`);
    // AND it asked the API exactly once, and no error is shown
    assert.deepEqual(apiRequests.map((u) => new URL(u).pathname),
      [`/v1/users/${userId}/products/${productId}/reorder-probability`]);
    assert.equal(await errorRegion().isVisible(), false);
  });

  it("lists the next-basket candidates in the API's order with the chosen basket highlighted", async () => {
    // GIVEN a customer whose predicted basket holds some but not all candidates
    const { userId, basketAnswer } = subject;
    // WHEN the customer id is typed and the next-basket button is clicked
    await page.getByLabel("Customer id").fill(userId);
    await page.getByRole("button", { name: "Predicted next basket" }).click();
    // THEN one row per candidate, best first, with the API's names and probabilities
    const rows = page.locator("#basket-rows tr");
    await page.locator("#basket-result").waitFor({ state: "visible" });
    assert.equal(await rows.count(), basketAnswer.candidates.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({
      name: tr.cells[0].querySelector("button").textContent,
      reason: tr.cells[0].querySelector(".reason")?.textContent ?? "",
      isNew: tr.cells[0].querySelector(".tag") !== null,
      probability: tr.cells[2].textContent,
      chosen: tr.classList.contains("chosen"),
      tick: tr.cells[3].textContent.trim() !== "",
      background: getComputedStyle(tr).backgroundColor,
    })));
    assert.deepEqual(shown.map((r) => r.name), basketAnswer.candidates.map((c) => c.name));
    assert.deepEqual(shown.map((r) => r.probability), basketAnswer.candidates.map((c) => asPercent(c.probability)));
    // AND each row says why, as the API does, and marks the products new to the customer
    assert.deepEqual(shown.map((r) => r.reason), basketAnswer.candidates.map((c) => c.reason || ""));
    assert.deepEqual(shown.map((r) => r.isNew), basketAnswer.candidates.map((c) => c.source === "explore"));
    assert.ok(basketAnswer.candidates.some((c) => c.reason), "the API gave no reasons to show");
    // AND "Try something new" lists the API's new items in its order, each with its reason
    const newItems = page.locator("#new-items-rows li");
    assert.deepEqual(await page.locator("#new-items-rows button.link").allTextContents(),
      basketAnswer.newItems.map((c) => c.name || `product ${c.productId}`));
    assert.deepEqual(await newItems.locator(".reason").allTextContents(),
      basketAnswer.newItems.filter((c) => c.reason).map((c) => c.reason));
    assert.ok(basketAnswer.newItems.length > 0 && basketAnswer.newItems.every((c) => c.source === "explore"),
      JSON.stringify(basketAnswer.newItems));
    // AND exactly the rows of the API's basket are marked, ticked and coloured differently
    const basket = new Set(basketAnswer.basket);
    const expectedChosen = basketAnswer.candidates.map((c) => basket.has(c.productId));
    assert.deepEqual(shown.map((r) => r.chosen), expectedChosen);
    assert.deepEqual(shown.map((r) => r.tick), expectedChosen);
    const chosenColours = new Set(shown.filter((r) => r.chosen).map((r) => r.background));
    const otherColours = new Set(shown.filter((r) => !r.chosen).map((r) => r.background));
    assert.equal(chosenColours.size, 1);
    assert.ok(!otherColours.has([...chosenColours][0]), "chosen rows look like the others");
    // AND every row's probability bar has a track of the same length, so the bars compare
    const tracks = await page.locator("#basket-rows .bar").evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
    assert.equal(tracks.length, basketAnswer.candidates.length);
    assert.equal(new Set(tracks).size, 1, `bar tracks of different lengths: ${[...new Set(tracks)].join(", ")}`);
    // AND the summary counts the basket and the candidates
    const summary = await page.getByTestId("basket-summary").textContent();
    assert.ok(summary.includes(`${basketAnswer.basket.length} of ${basketAnswer.candidateCount}`), summary);
    assert.ok(summary.includes(`customer ${userId}`), `"${summary}" names customer ${userId}`);
  });

  it("shows the customer's main shopping missions from the next-basket answer, named, largest share first", async () => {
    // GIVEN a customer whose next-basket answer names their missions (at most three, largest share first)
    const { userId, basketAnswer } = subject;
    const missions = basketAnswer.missions;
    assert.ok(Array.isArray(missions) && missions.length > 0 && missions.length <= 3, JSON.stringify(missions));
    assert.ok(missions.every((m) => typeof m.name === "string" && m.name.length > 0), JSON.stringify(missions));
    assert.deepEqual(missions.map((m) => m.share), [...missions.map((m) => m.share)].sort((a, b) => b - a));
    // WHEN the customer's basket is asked for
    await page.getByLabel("Customer id").fill(userId);
    await page.getByRole("button", { name: "Predicted next basket" }).click();
    await page.locator("#basket-result").waitFor({ state: "visible" });
    // THEN a list labelled "Shops for:" names the same missions in the API's order, each with its share as a whole percentage
    const list = page.getByRole("list", { name: "Shops for:" });
    assert.equal(await list.isVisible(), true);
    assert.deepEqual(await list.locator(".mission-name").allTextContents(), missions.map((m) => m.name));
    assert.deepEqual((await list.locator(".mission-share").allTextContents()).map((t) => t.trim()),
      missions.map((m) => (m.share > 0 && m.share < 0.005 ? "<1%" : `${Math.round(m.share * 100)}%`)));
    // AND a screen reader hears what the percentage is a share of
    const spoken = await list.getByRole("listitem").first().textContent();
    assert.ok(spoken.includes("of their orders"), spoken);
    // AND the page asked no route of its own for them: they came with the one next-basket answer
    assert.equal(apiRequests.filter((u) => new URL(u).pathname === `/v1/users/${userId}/next-basket`).length, 1);
  });

  it("shows a basket product's likelihood and its bought-together list when the product is chosen (screenshot saved)", async () => {
    // GIVEN the customer's basket on screen, and the API's answers for one of its products
    const { userId, withSimilar } = subject;
    const { productId, similarAnswer, probabilityAnswer } = withSimilar;
    await page.getByLabel("Customer id").fill(userId);
    await page.getByRole("button", { name: "Predicted next basket" }).click();
    await page.locator("#basket-result").waitFor({ state: "visible" });
    apiRequests.length = 0;
    // WHEN the product's name is chosen, from the keyboard (focus, Enter)
    const pick = page.locator(`#basket-rows button[data-product-id="${productId}"]`);
    await pick.focus();
    await page.keyboard.press("Enter");
    // THEN its likelihood for this customer is shown, as the API gives it
    await page.locator("#similar-result").waitFor({ state: "visible" });
    assert.equal(await page.getByTestId("probability").textContent(), asPercent(probabilityAnswer.probability));
    // AND the bought-together list holds the API's products in its order, named
    const names = await page.locator("#similar-rows .similar-name").allTextContents();
    assert.deepEqual(names, similarAnswer.similar.map((s) => s.name || `product ${s.productId}`));
    const title = await page.locator("#similar-title").textContent();
    assert.ok(title.includes(similarAnswer.product.name), `"${title}" names ${similarAnswer.product.name}`);
    // AND exactly the two routes were asked, and the product id field now holds the product
    assert.deepEqual(apiRequests.map((u) => new URL(u).pathname).sort(),
      [`/v1/products/${productId}/similar`, `/v1/users/${userId}/products/${productId}/reorder-probability`].sort());
    assert.equal(await page.getByLabel("Product id").inputValue(), productId);
    // AND both answers are on screen without scrolling, though the product was chosen in the list below
    await page.waitForTimeout(400); // the probability bar animates its width, the page scrolls
    const top = await page.locator("#similar-result").evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 900, `the bought-together list starts at ${top}px of a 900px screen`);
    await page.screenshot({ path: join(artifacts, "bought-together.png") });
  });

  it("shows the customer's last five orders as a timeline, latest first, with the API's products (screenshot saved)", async () => {
    // GIVEN the API's recent orders of the customer
    const { userId } = subject;
    const expected = await api(`/v1/users/${userId}/orders?limit=5`);
    assert.equal(expected.status, 200, JSON.stringify(expected.body));
    assert.ok(expected.body.orders.length > 0, "the subject has no stored orders");
    // WHEN the customer's basket is asked for
    await page.getByLabel("Customer id").fill(userId);
    await page.getByRole("button", { name: "Predicted next basket" }).click();
    await page.locator("#orders-result").waitFor({ state: "visible" });
    // THEN one timeline entry per order, latest first, each listing the order's products by name in cart order
    const entries = page.locator("#orders-rows > li");
    assert.equal(await entries.count(), expected.body.orders.length);
    for (let i = 0; i < expected.body.orders.length; i++) {
      const order = expected.body.orders[i];
      assert.deepEqual(await entries.nth(i).locator("button.link").allTextContents(),
        order.products.map((p) => p.name || `product ${p.productId}`));
      const heading = await entries.nth(i).locator(".when").textContent();
      assert.ok(heading.includes(`order ${order.orderNumber}`), `"${heading}" names order ${order.orderNumber}`);
    }
    assert.ok((await entries.nth(0).locator(".when").textContent()).startsWith("Latest order"));
    await page.locator("#orders-result").screenshot({ path: join(artifacts, "recent-orders.png") });
    // AND the API was asked for the orders once, with the timeline's limit
    assert.equal(apiRequests.filter((u) => new URL(u).pathname === `/v1/users/${userId}/orders`).length, 1);
  });

  it("fills a cart by clicking and by id and shows what is missing, as the API answers (screenshot saved)", async () => {
    // GIVEN the customer's basket on screen
    const { userId, basketAnswer, withSimilar } = subject;
    await page.getByLabel("Customer id").fill(userId);
    await page.getByRole("button", { name: "Predicted next basket" }).click();
    await page.locator("#cart").waitFor({ state: "visible" });
    assert.equal(await page.locator("#cart-items li").count(), 0);
    // WHEN the top candidate is added with its Add button, and a product with a bought-together list by its id
    const first = basketAnswer.candidates[0];
    const second = withSimilar.productId === first.productId ? basketAnswer.candidates[1].productId : withSimilar.productId;
    await page.getByRole("button", { name: `Add ${first.name || `product ${first.productId}`} to the cart` }).first().click();
    await page.getByLabel("Add a product by id").fill(second);
    const answered = page.waitForResponse((r) => r.url().includes("/cart-completion")
      && r.request().postData() === JSON.stringify({ cart: [first.productId, second] }));
    await page.getByLabel("Add a product by id").press("Enter");
    await answered;
    // THEN the cart lists both, and the missing list is the API's answer for that cart, in its order
    const expected = await api(`/v1/users/${userId}/cart-completion`, { cart: [first.productId, second] });
    assert.equal(expected.status, 200, JSON.stringify(expected.body));
    await page.waitForFunction((n) => document.querySelectorAll("#missing-rows li").length === n,
      expected.body.suggestions.length);
    assert.equal(await page.locator("#cart-items li").count(), 2);
    assert.deepEqual(await page.locator("#missing-rows button.link").allTextContents(),
      expected.body.suggestions.map((s) => s.name || `product ${s.productId}`));
    assert.deepEqual(await page.locator("#missing-rows .reason").allTextContents(),
      expected.body.suggestions.filter((s) => s.reason).map((s) => s.reason));
    // AND nothing in the cart is suggested
    const suggested = await page.locator("#missing-rows button.link").evaluateAll((b) => b.map((e) => e.dataset.productId));
    assert.ok(!suggested.includes(first.productId) && !suggested.includes(second), suggested.join());
    await page.locator("#cart").screenshot({ path: join(artifacts, "cart.png") });
    // WHEN the first product is removed from the keyboard
    const removed = page.waitForResponse((r) => r.url().includes("/cart-completion")
      && r.request().postData() === JSON.stringify({ cart: [second] }));
    await page.getByRole("button", { name: `Remove ${first.name || `product ${first.productId}`} from the cart` }).focus();
    await page.keyboard.press("Enter");
    await removed;
    // THEN the list is the API's answer for the smaller cart, and the removed product may come back as a suggestion
    const smaller = await api(`/v1/users/${userId}/cart-completion`, { cart: [second] });
    await page.waitForFunction((names) => [...document.querySelectorAll("#missing-rows button.link")]
      .map((b) => b.textContent).join("|") === names, smaller.body.suggestions.map((s) => s.name || `product ${s.productId}`).join("|"));
    assert.equal(await page.locator("#cart-items li").count(), 1);
    // AND a bad id in the cart field is refused in the page without asking the API
    apiRequests.length = 0;
    await page.getByLabel("Add a product by id").fill("x1");
    await page.getByLabel("Add a product by id").press("Enter");
    await errorRegion().waitFor({ state: "visible" });
    assert.ok((await errorRegion().textContent()).includes("Product id must be a positive whole number"));
    assert.equal(await page.getByLabel("Add a product by id").getAttribute("aria-invalid"), "true");
    assert.deepEqual(apiRequests, []);
  });

  it("offers customer ids of the served run in the customer field, and the first one answers", async () => {
    // GIVEN the served store's example customers, from the API
    const health = await api("/v1/health");
    assert.equal(health.status, 200);
    assert.ok(health.body.exampleUsers.length > 0, JSON.stringify(health.body));
    // THEN the customer field offers exactly those ids, and its placeholder is the first
    await page.waitForFunction(() => document.querySelectorAll("#user-examples option").length > 0);
    const offered = await page.locator("#user-examples option").evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(offered, health.body.exampleUsers);
    assert.equal(await page.getByLabel("Customer id").getAttribute("placeholder"), `e.g. ${offered[0]}`);
    // AND a newcomer who takes the first one gets a basket, not a dead end
    await page.getByLabel("Customer id").fill(offered[0]);
    await page.getByRole("button", { name: "Predicted next basket" }).click();
    await page.locator("#basket-result").waitFor({ state: "visible" });
    assert.equal(await errorRegion().isVisible(), false);
  });

  it("can be driven from the keyboard alone: Tab between fields and buttons, Enter to act", async () => {
    // GIVEN the page with focus in the customer id field
    const { userId, productId, probabilityAnswer, basketAnswer } = subject;
    await page.getByLabel("Customer id").focus();
    // WHEN ids are typed, moving between the fields with Tab, and Enter is pressed
    await page.keyboard.type(userId);
    await page.keyboard.press("Tab");
    await page.keyboard.type(productId);
    await page.keyboard.press("Enter");
    // THEN the probability is shown
    await page.getByTestId("probability").waitFor({ state: "visible" });
    assert.equal(await page.getByTestId("probability").textContent(), asPercent(probabilityAnswer.probability));
    // WHEN Tab moves on past the submit button to the next-basket button and Enter is pressed
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Predicted next basket");
    await page.keyboard.press("Enter");
    // THEN the basket is shown too
    await page.locator("#basket-result").waitFor({ state: "visible" });
    assert.equal(await page.locator("#basket-rows tr").count(), basketAnswer.candidates.length);
  });

  for (const [what, userText, productText, message] of [
    ["letters", "abc", "1", "Customer id must be a positive whole number"],
    ["a negative number", "-1", "1", "Customer id must be a positive whole number"],
    ["zero", "0", "1", "Customer id must be a positive whole number"],
    ["a number past 64 bits", "9223372036854775808", "1", "Customer id must be a positive whole number"],
    ["a decimal", "1.5", "1", "Customer id must be a positive whole number"],
    ["nothing", "", "1", "Customer id is required"],
    ["a bad product id", "1", "x7", "Product id must be a positive whole number"],
    ["no product id", "1", "", "Product id is required"],
  ]) {
    it(`refuses ${what} in the page without asking the API`, async () => {
      // GIVEN the page
      // WHEN an invalid id is typed and the form submitted with Enter
      await page.getByLabel("Customer id").fill(userText);
      await page.getByLabel("Product id").fill(productText);
      await page.getByLabel("Product id").press("Enter");
      // THEN the error region says what is wrong, the bad field is marked invalid
      await errorRegion().waitFor({ state: "visible" });
      const text = await errorRegion().textContent();
      assert.ok(text.includes(message), `"${text}" should contain "${message}"`);
      const field = message.startsWith("Customer") ? "Customer id" : "Product id";
      assert.equal(await page.getByLabel(field).getAttribute("aria-invalid"), "true");
      // AND no request left the page, and no result is shown
      assert.deepEqual(apiRequests, []);
      assert.equal(await page.locator("#probability-result").isVisible(), false);
    });
  }

  it("shows the server's message for an unknown customer (404)", async () => {
    // GIVEN a customer id absent from the generated data, and the API's answer for it
    const expected = await api(`/v1/users/${subject.unknownUser}/next-basket`);
    assert.equal(expected.status, 404);
    // WHEN it is looked up from the page
    await page.getByLabel("Customer id").fill(subject.unknownUser);
    const response = page.waitForResponse((r) => r.url().includes("/next-basket"));
    await page.getByRole("button", { name: "Predicted next basket" }).click();
    assert.equal((await response).status(), 404);
    // THEN the error region shows the API's error and detail, and no basket is shown
    await errorRegion().waitFor({ state: "visible" });
    assert.equal(await errorRegion().textContent(), `${expected.body.error}: ${expected.body.detail}`);
    assert.equal(await page.locator("#basket-result").isVisible(), false);
  });

  it("shows the server's message for a product that is not one of the customer's candidates (404)", async () => {
    // GIVEN a real customer and a catalog product neither in their orders nor suggested to them
    const { userId, neverBought } = subject;
    const expected = await api(`/v1/users/${userId}/products/${neverBought}/reorder-probability`);
    assert.equal(expected.status, 404);
    // WHEN the pair is submitted
    await page.getByLabel("Customer id").fill(userId);
    await page.getByLabel("Product id").fill(neverBought);
    await page.getByLabel("Product id").press("Enter");
    // THEN the API's message is shown in the error region
    await errorRegion().waitFor({ state: "visible" });
    assert.equal(await errorRegion().textContent(), `${expected.body.error}: ${expected.body.detail}`);
  });

  it("replaces an earlier answer when the next lookup fails, and clears the error when one succeeds", async () => {
    // GIVEN a shown probability
    const { userId, productId } = subject;
    await page.getByLabel("Customer id").fill(userId);
    await page.getByLabel("Product id").fill(productId);
    await page.getByLabel("Product id").press("Enter");
    await page.getByTestId("probability").waitFor({ state: "visible" });
    // WHEN the customer id is changed to a bad one and submitted
    await page.getByLabel("Customer id").fill("abc");
    await page.getByLabel("Product id").press("Enter");
    // THEN the error shows and the old answer (for other ids) is no longer on screen
    await errorRegion().waitFor({ state: "visible" });
    assert.equal(await page.locator("#probability-result").isVisible(), false);
    // WHEN the good ids are submitted again
    await page.getByLabel("Customer id").fill(userId);
    await page.getByLabel("Product id").press("Enter");
    // THEN the answer is back and the error and invalid mark are gone
    await page.getByTestId("probability").waitFor({ state: "visible" });
    assert.equal(await errorRegion().isVisible(), false);
    assert.equal(await page.getByLabel("Customer id").getAttribute("aria-invalid"), null);
  });

  it("fits a desktop and a phone screen without sideways scrolling (screenshots saved)", async () => {
    // GIVEN both answers for the customer, on a desktop and on a phone-sized screen
    const { userId, productId } = subject;
    for (const [name, options] of [
      ["desktop", { viewport: { width: 1280, height: 900 } }],
      ["phone", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
    ]) {
      if (name !== "desktop") {
        const errors = page.consoleErrors;
        await page.context().close();
        assert.deepEqual(errors, []);
        await openPage(options);
      }
      // WHEN both lookups are made
      await page.getByLabel("Customer id").fill(userId);
      await page.getByLabel("Product id").fill(productId);
      await page.getByLabel("Product id").press("Enter");
      await page.getByTestId("probability").waitFor({ state: "visible" });
      await page.getByRole("button", { name: "Predicted next basket" }).click();
      await page.locator("#basket-result").waitFor({ state: "visible" });
      await page.waitForTimeout(400); // the probability bars animate their width
      await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
      // THEN nothing is wider than the screen (compared with the configured width: a mobile browser
      // widens its layout viewport, and so innerWidth, to fit overflowing content)
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(pageWidth <= options.viewport.width, `${name}: page is ${pageWidth}px wide on a ${options.viewport.width}px screen`);
    }
  });

  it("shows a client-side error legibly on a phone (screenshot saved)", async () => {
    // GIVEN a phone-sized page
    const errors = page.consoleErrors;
    await page.context().close();
    assert.deepEqual(errors, []);
    await openPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    // WHEN a bad id is submitted
    await page.getByLabel("Customer id").fill("-1");
    await page.getByLabel("Product id").press("Enter");
    // THEN the message is inside the screen
    await errorRegion().waitFor({ state: "visible" });
    const box = await errorRegion().boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `error region spans ${box.x}..${box.x + box.width}px`);
    await page.screenshot({ path: join(artifacts, "phone-error.png"), fullPage: true });
  });
});
