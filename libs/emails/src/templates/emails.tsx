/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The pragmas make every compiler (tsx in the API processes, Vite, tsc) use the automatic runtime.
import { Column, Row, Section, Text } from '@react-email/components';
import type { TFunction } from 'i18next';
import type { ShopLocale } from '@storepay/payments-core';
import { formatAmount, formatDate, formatDateTime, orderRef } from '../format';
import type { EmailMessage, EmailOrder } from '../messages';
import { Layout, paragraph } from './layout';

const cell = { color: '#27272a', fontSize: '14px', padding: '6px 0' };
const headCell = { ...cell, color: '#52525b', fontWeight: 'bold' as const };
const end = { textAlign: 'right' as const };

/** The order's lines and totals, in its currency. */
function OrderTable({ order, locale, t }: { order: EmailOrder; locale: ShopLocale; t: TFunction }) {
  const amount = (minor: number) => formatAmount(minor, order.currency, locale);
  return (
    <Section style={{ margin: '8px 0 16px' }}>
      <Row>
        <Column style={headCell}>{t('common.item')}</Column>
        <Column style={{ ...headCell, ...end }}>{t('common.quantity')}</Column>
        <Column style={{ ...headCell, ...end }}>{t('common.price')}</Column>
      </Row>
      {order.items.map((item, index) => (
        <Row key={`${index}-${item.name}`}>
          <Column style={cell}>{item.name}</Column>
          <Column style={{ ...cell, ...end }}>{item.quantity}</Column>
          <Column style={{ ...cell, ...end }}>{amount(item.unitAmount * item.quantity)}</Column>
        </Row>
      ))}
      <Row>
        <Column style={headCell}>{t('common.total')}</Column>
        <Column />
        <Column style={{ ...headCell, ...end }}>{amount(order.amount)}</Column>
      </Row>
      {order.amountRefunded > 0 ? (
        <Row>
          <Column style={cell}>{t('common.refunded')}</Column>
          <Column />
          <Column style={{ ...cell, ...end }}>{amount(order.amountRefunded)}</Column>
        </Row>
      ) : null}
    </Section>
  );
}

/** A sign-in link: no order, its own frame. */
function composeSignInLink(message: Extract<EmailMessage, { kind: 'sign_in_link' }>, t: TFunction) {
  const subject = t('signInLink.subject');
  return {
    subject,
    element: (
      <Layout
        locale={message.locale}
        preview={subject}
        heading={t('signInLink.heading')}
        action={{ label: t('signInLink.action'), href: message.url }}
        footer={t('signInLink.footer')}
      >
        <Text style={paragraph}>{t('signInLink.body', { minutes: String(message.expiresInMinutes) })}</Text>
        <Text style={paragraph}>{t('signInLink.ignore')}</Text>
      </Layout>
    ),
  };
}

/** The subject and the React element of a message, in its language. */
export function composeEmail(message: EmailMessage, t: TFunction) {
  if (message.kind === 'sign_in_link') return composeSignInLink(message, t);
  const { locale, order } = message;
  const ref = orderRef(order.id);
  const total = formatAmount(order.amount, order.currency, locale);
  const frame =
    (action: 'common.viewOrder' | 'common.openInAdmin', footer: string) =>
    (key: string, href: string, vars: Record<string, string>, children: React.ReactNode) => {
      const subject = t(`${key}.subject`, { orderRef: ref, ...vars });
      return {
        subject,
        element: (
          <Layout
            locale={locale}
            preview={subject}
            heading={t(`${key}.heading`)}
            action={{ label: t(action), href }}
            footer={footer}
          >
            {children}
          </Layout>
        ),
      };
    };
  const shopper = frame('common.viewOrder', t('common.footer', { orderRef: ref }));
  const staff = frame('common.openInAdmin', t('common.staffFooter'));
  const text = (value: string) => <Text style={paragraph}>{value}</Text>;

  switch (message.kind) {
    case 'order_confirmation':
      return shopper('orderConfirmation', message.orderUrl, { amount: total }, [
        <Text key="body" style={paragraph}>
          {t(message.authorized ? 'orderConfirmation.bodyAuthorized' : 'orderConfirmation.body', {
            amount: total,
            date: formatDate(order.createdAt, locale),
          })}
        </Text>,
        <OrderTable key="order" order={order} locale={locale} t={t} />,
      ]);
    case 'refund_issued': {
      const amount = formatAmount(message.refund.amount, order.currency, locale);
      const full = message.refund.amount >= order.amount;
      return shopper('refundIssued', message.orderUrl, { amount }, [
        <Text key="body" style={paragraph}>
          {full ? t('refundIssued.bodyFull', { amount }) : t('refundIssued.bodyPartial', { amount, total })}
        </Text>,
        <Text key="timing" style={paragraph}>
          {t('refundIssued.timing')}
        </Text>,
      ]);
    }
    case 'payment_failed':
      return shopper('paymentFailed', message.orderUrl, {}, text(t('paymentFailed.body', { amount: total })));
    case 'payment_action_required':
      return shopper(
        'paymentActionRequired',
        message.orderUrl,
        {},
        text(t('paymentActionRequired.body', { amount: total })),
      );
    case 'order_expired':
      return shopper('orderExpired', message.orderUrl, {}, text(t('orderExpired.body', { amount: total })));
    case 'dispute_opened': {
      const amount = formatAmount(message.dispute.amount, order.currency, locale);
      const due = message.dispute.evidenceDueBy;
      return staff('disputeOpened', message.adminUrl, { amount }, [
        <Text key="body" style={paragraph}>
          {t('disputeOpened.body', { amount, orderRef: ref, reason: message.dispute.reason })}
        </Text>,
        <Text key="deadline" style={{ ...paragraph, fontWeight: 'bold' }}>
          {due ? t('disputeOpened.deadline', { deadline: formatDateTime(due, locale) }) : t('disputeOpened.noDeadline')}
        </Text>,
      ]);
    }
    case 'early_fraud_warning':
      return staff(
        'earlyFraudWarning',
        message.adminUrl,
        {},
        text(t('earlyFraudWarning.body', { amount: total, orderRef: ref, fraudType: message.fraudType })),
      );
    case 'refund_awaiting_approval': {
      const amount = formatAmount(message.refund.amount, order.currency, locale);
      return staff(
        'refundAwaitingApproval',
        message.adminUrl,
        { amount },
        text(t('refundAwaitingApproval.body', { amount, orderRef: ref, reason: message.refund.reason })),
      );
    }
  }
}
