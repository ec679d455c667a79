import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { type Locale } from '../i18n';
import { type Outcome, OutcomeLine, problemOutcome, useInterval, useT } from './common';

type Filter = components['schemas']['BulkFilter'];
type Action = components['schemas']['BulkRequest']['action'];
type Preview = components['schemas']['DryRunView'];
type Job = components['schemas']['JobView'];

const ACTIONS: Action[] = ['RESTART', 'PAUSE', 'RESUME', 'DELETE'];

/**
 * One action on every channel the operator's filters match: first what it would touch (a dry run,
 * nothing done), then the job, its progress read every second until it is finished, one result per
 * channel. A double click starts one job: the Idempotency-Key is kept until the job is answered.
 */
export function BulkActions({ locale, filter }: { locale: Locale; filter: Filter }) {
  const t = useT(locale);
  const [action, setAction] = useState<Action>('RESTART');
  const [preview, setPreview] = useState<Preview>();
  const [job, setJob] = useState<Job>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const filterText = JSON.stringify(filter);
  // what was shown is no longer what a start would touch once the filters or the action change
  useEffect(() => { setPreview(undefined); }, [filterText, action]);

  const dryRun = async () => {
    const { data, error } = await api.POST('/api/v1/channels/bulk', { body: { action, filter, dryRun: true } });
    if (data) {
      setPreview(data as Preview);
      setOutcome(undefined);
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  const start = async () => {
    const { data, error } = await api.POST('/api/v1/channels/bulk', {
      params: { header: { 'Idempotency-Key': key } }, body: { action, filter } });
    if (data) {
      setJob(data as Job);
      setPreview(undefined);
      setKey(crypto.randomUUID());
      setOutcome(undefined);
    } else {
      setOutcome(problemOutcome(error, locale));
    }
  };
  useInterval(async () => {
    if (!job) return;
    const { data } = await api.GET('/api/v1/jobs/{id}', { params: { path: { id: job.id! } } });
    if (data) setJob(data);
  }, job && !job.finishedAt ? 1000 : null);

  const label = t(`bulk.${action}`);
  const counts = { done: job?.done ?? 0, failed: job?.failed ?? 0, pending: job?.pending ?? 0, total: job?.total ?? 0 };
  return (
    <section aria-labelledby="bulk-title" className="bulk">
      <h3 id="bulk-title">{t('bulk.title')}</h3>
      <div className="filters">
        <label>{t('bulk.action')}{' '}
          <select value={action} onChange={(e) => setAction(e.target.value as Action)}>
            {ACTIONS.map((a) => <option key={a} value={a}>{t(`bulk.${a}`)}</option>)}
          </select>
        </label>
        <button type="button" onClick={dryRun}>{t('bulk.preview')}</button>
      </div>
      {preview && (
        <div>
          <p data-testid="bulk-preview">{t('bulk.would-touch', { action: label, count: preview.count ?? 0 })}</p>
          <button type="button" onClick={start} disabled={!preview.count}>{t('bulk.start', { action: label, count: preview.count ?? 0 })}</button>
        </div>
      )}
      <OutcomeLine outcome={outcome} />
      {job && (
        <div data-testid="bulk-job">
          <progress value={counts.done + counts.failed} max={Math.max(1, counts.total)} aria-label={t('bulk.title')} />
          <p role="status">{t(job.finishedAt ? 'bulk.finished' : 'bulk.progress', counts)}</p>
          <table>
            <thead><tr><th scope="col">{t('bulk.channel')}</th><th scope="col">{t('home.state')}</th><th scope="col">{t('bulk.result')}</th></tr></thead>
            <tbody>{(job.items ?? []).map((item) => (
              <tr key={item.channelId}>
                <td><a href={`#/channels/${item.channelId}`}>{item.name ?? item.channelId}</a></td><td>{item.state}</td>
                <td>{[item.outcome, item.detail].filter(Boolean).join(': ') || '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
