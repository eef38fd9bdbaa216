// Replenish web page: plain JavaScript, no build step. The API's base URL comes from config.json
// beside this page (the CDK deployment writes the real one; the local server serves its own).
"use strict";

const ID_PATTERN = /^[1-9][0-9]{0,18}$/;
const MAX_ID = 9223372036854775807n;

let apiBase = null;

async function loadConfig() {
  if (apiBase !== null) return apiBase;
  const response = await fetch("config.json", { cache: "no-store" });
  if (!response.ok) throw new Error("config.json could not be loaded (HTTP " + response.status + ")");
  const config = await response.json();
  if (typeof config.apiBaseUrl !== "string") throw new Error("config.json has no apiBaseUrl");
  apiBase = config.apiBaseUrl.replace(/\/+$/, "");
  return apiBase;
}

/** The id typed into a field, or an error message saying what is wrong with it. */
function readId(input, label, required) {
  const text = input.value.trim();
  if (text === "") return required ? { error: label + " is required." } : { value: null };
  if (!ID_PATTERN.test(text) || BigInt(text) > MAX_ID) {
    return { error: label + " must be a positive whole number (up to 19 digits)." };
  }
  return { value: text };
}

function show(element, visible) { element.hidden = !visible; }

function setBusy(busy, message) {
  document.querySelectorAll("#query-form button").forEach((b) => { b.disabled = busy; });
  document.getElementById("status").textContent = message || "";
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  show(box, true);
}

function clearError() {
  const box = document.getElementById("error");
  box.textContent = "";
  show(box, false);
  document.querySelectorAll("input").forEach((i) => i.removeAttribute("aria-invalid"));
}

function percent(p) {
  return (p * 100).toFixed(p < 0.001 ? 2 : 1) + "%";
}

async function callApi(path, payload) {
  const base = await loadConfig();
  const request = payload === undefined
    ? { headers: { Accept: "application/json" } }
    : { method: "POST", headers: { Accept: "application/json", "Content-Type": "application/json" }, body: JSON.stringify(payload) };
  let response;
  try {
    response = await fetch(base + path, request);
  } catch (e) {
    throw new Error("The prediction service could not be reached. Is it running?");
  }
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    const message = body && body.error ? body.error + (body.detail ? ": " + body.detail : "") : "HTTP " + response.status;
    throw new Error(message);
  }
  return body;
}

function renderProbability(result) {
  document.getElementById("probability-value").textContent = percent(result.probability);
  const name = result.product && result.product.name ? result.product.name : "product " + result.productId;
  document.getElementById("probability-text").textContent =
    "chance that customer " + result.userId + " buys " + name + " in their next order";
  document.getElementById("probability-bar").style.width = (result.probability * 100).toFixed(1) + "%";
  document.getElementById("probability-meta").textContent =
    "Model run " + result.modelRun + " · features from run " + result.featureRun;
  const section = document.getElementById("probability-result");
  section.dataset.userId = result.userId;
  show(section, true);
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

/** A candidate's name as a button: choosing it shows its likelihood and what is bought with it. */
function productButton(userId, candidate) {
  const pick = document.createElement("button");
  pick.type = "button";
  pick.className = "link";
  pick.dataset.productId = candidate.productId;
  pick.textContent = candidate.name || "product " + candidate.productId;
  pick.addEventListener("click", () => onProduct(userId, String(candidate.productId)));
  return pick;
}

/** A small "Add" button that puts the product in the cart. */
function addButton(product) {
  const add = document.createElement("button");
  add.type = "button";
  add.className = "add";
  add.dataset.addId = product.productId;
  add.textContent = "Add";
  add.setAttribute("aria-label", "Add " + (product.name || "product " + product.productId) + " to the cart");
  add.addEventListener("click", () => addToCart(String(product.productId), product.name || null));
  return add;
}

/** Why the candidate is suggested, under its name, when the API says. */
function appendReason(parent, candidate) {
  if (!candidate.reason) return;
  const reason = document.createElement("small");
  reason.className = "reason";
  reason.textContent = candidate.reason;
  parent.appendChild(reason);
}

function renderBasket(result) {
  const rows = document.getElementById("basket-rows");
  rows.replaceChildren();
  const chosen = new Set(result.basket.map(String));
  for (const candidate of result.candidates) {
    const tr = document.createElement("tr");
    const inBasket = chosen.has(String(candidate.productId));
    if (inBasket) tr.className = "chosen";
    const nameCell = document.createElement("td");
    nameCell.appendChild(productButton(result.userId, candidate));
    if (candidate.source === "explore") {
      const tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = "new";
      nameCell.appendChild(tag);
    }
    nameCell.appendChild(addButton(candidate));
    appendReason(nameCell, candidate);
    tr.appendChild(nameCell);
    tr.appendChild(cell(candidate.aisle || ""));
    const probability = document.createElement("td");
    probability.className = "probability";
    const mini = document.createElement("div");
    mini.className = "mini";
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.setAttribute("aria-hidden", "true");
    const fill = document.createElement("div");
    fill.className = "bar-fill";
    fill.style.width = (candidate.probability * 100).toFixed(1) + "%";
    bar.appendChild(fill);
    const label = document.createElement("span");
    label.textContent = percent(candidate.probability);
    mini.append(bar, label);
    probability.appendChild(mini);
    tr.appendChild(probability);
    const mark = cell(inBasket ? "✓" : "");
    if (inBasket) {
      mark.className = "tick";
      mark.setAttribute("aria-label", "in the predicted basket");
    }
    tr.appendChild(mark);
    rows.appendChild(tr);
  }
  const summary = result.basket.length === 0
    ? "No re-order expected for customer " + result.userId
      + " (\"None\"): the best guess is that they buy nothing again."
    : "For customer " + result.userId + ", " + result.basket.length + " of " + result.candidateCount
      + " candidate products are predicted for the next order (expected F1 "
      + result.expectedF1.toFixed(2) + ")"
      + (result.candidates.length < result.candidateCount
        ? "; the " + result.candidates.length + " most likely are listed."
        : ".");
  document.getElementById("basket-summary").textContent = summary;
  renderMissions(result);
  document.getElementById("basket-meta").textContent =
    "Model run " + result.modelRun + " · features from run " + result.featureRun;
  const section = document.getElementById("basket-result");
  section.dataset.userId = result.userId;
  show(section, true);
}

/** A mission's share of the customer's orders, as a whole percentage. */
function missionShare(share) {
  return share > 0 && share < 0.005 ? "<1%" : Math.round(share * 100) + "%";
}

/**
 * The customer's main shopping missions, largest share first, as the API names them ("Shops for:
 * fresh fruits 52% · yogurt 21%"). Hidden when the answer names none (no missions in the run, or
 * a load in progress leaves them unnamed).
 */
function renderMissions(result) {
  const named = (result.missions || []).filter((mission) => mission.name);
  document.getElementById("missions-list").replaceChildren(...named.map((mission) => {
    const item = document.createElement("li");
    item.dataset.missionId = mission.id;
    const name = document.createElement("span");
    name.className = "mission-name";
    name.textContent = mission.name;
    const share = document.createElement("span");
    share.className = "mission-share";
    share.textContent = " " + missionShare(mission.share);
    const meaning = document.createElement("span");
    meaning.className = "visually-hidden";
    meaning.textContent = " of their orders";
    item.append(name, share, meaning);
    return item;
  }));
  show(document.getElementById("basket-missions"), named.length > 0);
}

/** The best products the customer has never bought, with why each is suggested. */
function renderNewItems(result) {
  const list = document.getElementById("new-items-rows");
  const items = result.newItems || [];
  list.replaceChildren();
  for (const item of items) {
    const entry = document.createElement("li");
    const likelihood = document.createElement("span");
    likelihood.className = "meta";
    likelihood.textContent = " · " + percent(item.probability);
    entry.append(productButton(result.userId, item), likelihood, addButton(item));
    appendReason(entry, item);
    list.appendChild(entry);
  }
  document.getElementById("new-items-summary").textContent = items.length === 0
    ? "No new product stands out for customer " + result.userId + " yet."
    : "Products customer " + result.userId + " has never bought that the model rates best for their next order.";
  const section = document.getElementById("new-items-result");
  section.dataset.userId = result.userId;
  show(section, true);
}

/** How long before the latest order an order was placed, in words. */
function whenPlaced(order, index) {
  if (index === 0) return "Latest order";
  if (order.daysBeforeLatestOrder === null || order.daysBeforeLatestOrder === undefined) return "Earlier order";
  const days = Math.round(order.daysBeforeLatestOrder);
  return days === 0 ? "Same day as the latest" : days + (days === 1 ? " day" : " days") + " before the latest";
}

/** The customer's latest orders as a timeline, latest first, each with its products. */
function renderOrders(result) {
  const list = document.getElementById("orders-rows");
  list.replaceChildren();
  result.orders.forEach((order, index) => {
    const entry = document.createElement("li");
    const heading = document.createElement("p");
    heading.className = "when";
    const hour = order.hourOfDay === null || order.hourOfDay === undefined ? ""
      : " · around " + String(order.hourOfDay).padStart(2, "0") + ":00";
    heading.textContent = whenPlaced(order, index) + " · order " + order.orderNumber + hour
      + " · " + order.products.length + (order.products.length === 1 ? " product" : " products");
    const products = document.createElement("ul");
    products.className = "order-products";
    for (const product of order.products) {
      const item = document.createElement("li");
      item.appendChild(productButton(result.userId, product));
      products.appendChild(item);
    }
    entry.append(heading, products);
    list.appendChild(entry);
  });
  document.getElementById("orders-summary").textContent = result.orders.length === 0
    ? "No past orders are stored for customer " + result.userId + "."
    : "The last " + result.orders.length + " orders of customer " + result.userId + ", latest first.";
  const section = document.getElementById("orders-result");
  section.dataset.userId = result.userId;
  show(section, true);
}

/** The cart being filled for the customer on screen: product ids with the names known for them. */
const cart = { userId: null, items: [] };
const MAX_CART = 200;

function showCart(userId) {
  if (cart.userId !== userId) {
    cart.userId = userId;
    cart.items = [];
  }
  renderCart();
  const section = document.getElementById("cart");
  section.dataset.userId = userId;
  show(section, true);
  if (cart.items.length > 0) completeCart();
}

function renderCart() {
  const list = document.getElementById("cart-items");
  list.replaceChildren(...cart.items.map((item) => {
    const entry = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = item.name || "product " + item.productId;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "add";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", "Remove " + name.textContent + " from the cart");
    remove.addEventListener("click", () => {
      cart.items = cart.items.filter((i) => i.productId !== item.productId);
      renderCart();
      completeCart();
      document.getElementById("cart-product-id").focus();
    });
    entry.append(name, remove);
    return entry;
  }));
  document.getElementById("cart-summary").textContent = cart.items.length === 0
    ? "The cart is empty."
    : cart.items.length + (cart.items.length === 1 ? " product" : " products") + " in the cart.";
}

function addToCart(productId, name) {
  clearError();
  if (cart.items.some((i) => i.productId === productId)) {
    document.getElementById("missing-summary").textContent = (name || "Product " + productId) + " is already in the cart.";
    return;
  }
  if (cart.items.length >= MAX_CART) {
    showError("The cart holds at most " + MAX_CART + " products.");
    return;
  }
  cart.items.push({ productId, name });
  renderCart();
  completeCart();
}

/** Asks the API what the customer is likely to want that the cart lacks. */
async function completeCart() {
  const rows = document.getElementById("missing-rows");
  const summary = document.getElementById("missing-summary");
  if (cart.items.length === 0) {
    rows.replaceChildren();
    summary.textContent = "Add products to see what the customer may have forgotten.";
    return;
  }
  const userId = cart.userId;
  const asked = cart.items.map((i) => i.productId);
  summary.textContent = "Checking the cart…";
  let result;
  try {
    result = await callApi("/v1/users/" + userId + "/cart-completion", { cart: asked });
  } catch (e) {
    summary.textContent = "";
    showError(e.message);
    return;
  }
  // A later change of the cart (or customer) has its own answer coming: this one is stale.
  if (cart.userId !== userId || cart.items.map((i) => i.productId).join() !== asked.join()) return;
  rows.replaceChildren(...result.suggestions.map((suggestion) => {
    const entry = document.createElement("li");
    const likelihood = document.createElement("span");
    likelihood.className = "meta";
    likelihood.textContent = " · " + percent(suggestion.score);
    entry.append(productButton(userId, suggestion), likelihood, addButton(suggestion));
    appendReason(entry, suggestion);
    return entry;
  }));
  summary.textContent = result.suggestions.length === 0
    ? "Nothing else stands out for customer " + userId + "."
    : "Likely for customer " + userId + " and not in the cart, most likely first:";
}

function renderSimilar(result) {
  const name = result.product.name || "product " + result.product.productId;
  const list = document.getElementById("similar-rows");
  list.replaceChildren();
  for (const similar of result.similar) {
    const item = document.createElement("li");
    const label = document.createElement("span");
    label.className = "similar-name";
    label.textContent = similar.name || "product " + similar.productId;
    const aisle = document.createElement("span");
    aisle.className = "meta";
    aisle.textContent = similar.aisle ? " · " + similar.aisle : "";
    item.append(label, aisle);
    list.appendChild(item);
  }
  document.getElementById("similar-title").textContent = "Bought together with " + name;
  document.getElementById("similar-summary").textContent = result.similar.length === 0
    ? "No product is bought with " + name + " often enough to list."
    : "The " + result.similar.length + " products most often in the same basket as " + name + ", most often first.";
  const section = document.getElementById("similar-result");
  section.dataset.productId = result.product.productId;
  show(section, true);
}

/** A product chosen in the basket: its likelihood for this customer, and what is bought with it. */
async function onProduct(userId, productId) {
  clearError();
  document.getElementById("product-id").value = productId;
  setBusy(true, "Looking up the product…");
  try {
    const [probability, similar] = await Promise.all([
      callApi("/v1/users/" + userId + "/products/" + productId + "/reorder-probability"),
      callApi("/v1/products/" + productId + "/similar"),
    ]);
    renderProbability(probability);
    renderSimilar(similar);
    setBusy(false, "");
    document.getElementById("probability-result").scrollIntoView({ block: "start" });
  } catch (e) {
    setBusy(false, "");
    showError(e.message);
  }
}

/** Hides the result sections that would no longer match what was asked. */
function hideStaleResults(action, userText) {
  show(document.getElementById("similar-result"), false);
  for (const [kind, id] of [["probability", "probability-result"], ["basket", "basket-result"],
    ["basket", "new-items-result"], ["basket", "orders-result"], ["basket", "cart"]]) {
    const section = document.getElementById(id);
    // The answer being asked again is replaced; the other one stays only if it is for the same customer.
    if (kind === action || section.dataset.userId !== userText) show(section, false);
  }
}

async function onAction(action) {
  clearError();
  hideStaleResults(action, document.getElementById("user-id").value.trim());
  const userInput = document.getElementById("user-id");
  const productInput = document.getElementById("product-id");
  const user = readId(userInput, "Customer id", true);
  const product = readId(productInput, "Product id", action === "probability");
  const invalid = [[user, userInput], [product, productInput]].filter(([r]) => r.error);
  if (invalid.length > 0) {
    invalid.forEach(([, input]) => input.setAttribute("aria-invalid", "true"));
    showError(invalid.map(([r]) => r.error).join(" "));
    invalid[0][1].focus();
    return;
  }
  setBusy(true, action === "probability" ? "Scoring…" : "Choosing the basket…");
  try {
    if (action === "probability") {
      renderProbability(await callApi("/v1/users/" + user.value + "/products/" + product.value + "/reorder-probability"));
    } else {
      const [answer, orders] = await Promise.all([
        callApi("/v1/users/" + user.value + "/next-basket"),
        callApi("/v1/users/" + user.value + "/orders?limit=5"),
      ]);
      renderBasket(answer);
      renderNewItems(answer);
      showCart(answer.userId);
      renderOrders(orders);
    }
    setBusy(false, "");
  } catch (e) {
    setBusy(false, "");
    showError(e.message);
  }
}

/**
 * Offers customer ids the served store holds (the API's health answer), so a newcomer does not
 * have to guess one. Without an answer (no model deployed yet) the field simply offers nothing.
 */
async function offerExampleCustomers() {
  let health;
  try { health = await callApi("/v1/health"); } catch (e) { return; }
  const examples = health.exampleUsers || [];
  const list = document.getElementById("user-examples");
  list.replaceChildren(...examples.map((id) => {
    const option = document.createElement("option");
    option.value = id;
    return option;
  }));
  if (examples.length > 0) {
    document.getElementById("user-id").placeholder = "e.g. " + examples[0];
    document.getElementById("user-id-hint").textContent =
      "A positive whole number, such as " + examples.slice(0, 3).join(", ") + ".";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  offerExampleCustomers();
  const form = document.getElementById("query-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onAction("probability");
  });
  document.getElementById("basket-button").addEventListener("click", () => onAction("basket"));
  document.getElementById("cart-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearError();
    const input = document.getElementById("cart-product-id");
    const product = readId(input, "Product id", true);
    if (product.error) {
      input.setAttribute("aria-invalid", "true");
      showError(product.error);
      input.focus();
      return;
    }
    input.value = "";
    addToCart(product.value, null);
  });
});
