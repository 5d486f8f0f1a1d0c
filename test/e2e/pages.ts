/** Page objects: what a person does on each page, found by data-qa attributes rather than styling. */
import type { Page } from 'playwright-core';

export class SignInPage {
  constructor(
    private readonly page: Page,
    private readonly base: string,
  ) {}
  async signIn(email: string, password: string) {
    await this.page.goto(`${this.base}/sign-in`);
    await this.page.fill('[data-qa="email"]', email);
    await this.page.fill('[data-qa="password"]', password);
    await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-in')),
      this.page.click('[data-qa="sign-in"]'),
    ]);
    await this.page.waitForLoadState('load');
  }
}

export class DashboardPage {
  constructor(private readonly page: Page) {}
  async number(qa: string): Promise<number> {
    const text = await this.page.locator(`[data-qa="${qa}"]`).innerText();
    return Number(/(\d+)/.exec(text)?.[1]);
  }
  async ragCount(colour: string): Promise<number> {
    return Number(/(\d+)$/.exec(await this.page.locator(`[data-qa="count-${colour}"]`).innerText())?.[1]);
  }
  openStructure = () => this.page.click('text=Structure and actions');
}

export class StructurePage {
  constructor(private readonly page: Page) {}
  async filterByLead(lead: string) {
    await this.page.selectOption('[data-qa="filter-lead"]', lead);
    await Promise.all([this.page.waitForURL(/lead=/), this.page.click('[data-qa="apply-filters"]')]);
  }
  async onlyOverdue() {
    await this.page.check('[data-qa="filter-overdue"]');
    await Promise.all([this.page.waitForURL(/overdue=yes/), this.page.click('[data-qa="apply-filters"]')]);
  }
  async count(): Promise<number> {
    return Number(/(\d+)/.exec(await this.page.locator('[data-qa="result-count"]').innerText())?.[1]);
  }
  openAction = (text: string) => this.page.click(`[data-qa="action-link"]:has-text("${text}")`);
}

export class ActionPage {
  constructor(private readonly page: Page) {}
  async recordProgress(
    status: string,
    narrative: string,
    date?: { day: string; month: string; year: string },
  ) {
    await this.page.check(`input[name="status"][value="${status}"]`);
    await this.page.fill('[data-qa="narrative"]', narrative);
    if (date) {
      await this.page.fill('#date-day', date.day);
      await this.page.fill('#date-month', date.month);
      await this.page.fill('#date-year', date.year);
    }
    await Promise.all([this.page.waitForURL(/updated=1/), this.page.click('[data-qa="save-progress"]')]);
  }
  leadRating = () => this.page.locator('[data-qa="lead-rating"]').innerText();
  timeline = () => this.page.locator('[data-qa="timeline"]').innerText();
}

export class ImportPage {
  constructor(
    private readonly page: Page,
    private readonly base: string,
  ) {}
  async upload(file: string) {
    await this.page.goto(`${this.base}/import`);
    await this.page.setInputFiles('[data-qa="file"]', file);
    await Promise.all([this.page.waitForURL(/\/import\/[^/]+$/), this.page.click('[data-qa="upload"]')]);
  }
  summary = () => this.page.locator('[data-qa="import-summary"]').innerText();
  confirm = () => this.page.click('[data-qa="confirm-import"]');
}

export class MeasurePage {
  constructor(private readonly page: Page) {}
  colour = () => this.page.locator('[data-qa="measure-colour"]').innerText();
  chartPoints = () => this.page.locator('[data-qa="measure-chart"] circle').count();
  async enterValue(period: string, value: string) {
    await this.page.fill('[data-qa="period"]', period);
    await this.page.fill('[data-qa="value"]', value);
    await Promise.all([this.page.waitForURL(/saved=/), this.page.click('[data-qa="save-value"]')]);
  }
}
