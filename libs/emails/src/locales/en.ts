/** English, the catalog every other language must match key for key (its type is the others' type). */
export const en = {
  common: {
    orderRef: 'Order {{orderRef}}',
    item: 'Item',
    quantity: 'Qty',
    price: 'Price',
    total: 'Total',
    refunded: 'Refunded',
    viewOrder: 'View your order',
    openInAdmin: 'Open the payment in the admin',
    footer: 'Storepay · You receive this email about order {{orderRef}}.',
    staffFooter: 'Storepay · Sent to the shop’s administrators.',
  },
  orderConfirmation: {
    subject: 'Your order {{orderRef}} is confirmed',
    heading: 'Thank you for your order',
    body: 'We have received your payment of {{amount}} on {{date}}. Here is what you ordered:',
    bodyAuthorized:
      'Your card was authorised for {{amount}} on {{date}}: you will be charged when your order ships. Here is what you ordered:',
  },
  refundIssued: {
    subject: 'A refund of {{amount}} for order {{orderRef}}',
    heading: 'Your refund is on its way',
    bodyFull: 'We have refunded your order in full: {{amount}}.',
    bodyPartial: 'We have refunded {{amount}} of your order’s {{total}}.',
    timing: 'Refunds usually reach your account within 5 to 10 business days, depending on your bank.',
  },
  paymentFailed: {
    subject: 'The payment for order {{orderRef}} failed',
    heading: 'Your payment did not go through',
    body: 'Your payment of {{amount}} could not be completed, so your order is not paid. You can pay again from your order’s page.',
  },
  paymentActionRequired: {
    subject: 'Action needed to pay order {{orderRef}}',
    heading: 'Your payment needs you',
    body: 'Your payment of {{amount}} needs one more step from you before it can complete. Continue from your order’s page.',
  },
  orderExpired: {
    subject: 'Order {{orderRef}} has expired',
    heading: 'Your order has expired',
    body: 'We did not receive the payment of {{amount}} in time, so the order was cancelled and nothing was charged. You can order again at any time.',
  },
  disputeOpened: {
    subject: 'Dispute opened: {{amount}} on order {{orderRef}}',
    heading: 'A customer disputed a payment',
    body: 'The payment of {{amount}} for order {{orderRef}} is disputed. Reason given: {{reason}}.',
    deadline: 'Submit evidence by {{deadline}}, or the dispute is lost.',
    noDeadline: 'Stripe gave no deadline for evidence.',
  },
  earlyFraudWarning: {
    subject: 'Early fraud warning on order {{orderRef}}',
    heading: 'The card issuer reported possible fraud',
    body: 'The issuer flagged the payment of {{amount}} for order {{orderRef}} ({{fraudType}}). Refunding it in full now avoids a dispute and its fee.',
  },
  refundAwaitingApproval: {
    subject: 'A refund of {{amount}} awaits approval (order {{orderRef}})',
    heading: 'A refund needs a second person',
    body: 'A refund of {{amount}} on order {{orderRef}} was requested (reason: {{reason}}) and waits for another admin’s approval.',
  },
  signInLink: {
    subject: 'Your sign-in link for Storepay',
    heading: 'Sign in to Storepay',
    body: 'Use the button below to sign in. The link works once, within {{minutes}} minutes.',
    ignore: 'If you did not ask to sign in, ignore this email: nobody can sign in without the link.',
    action: 'Sign in',
    footer: 'Storepay · Sent because someone asked to sign in with this address.',
  },
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every language's catalog has: a missing or extra key is a type error. */
export type EmailCatalog = Strings<typeof en>;
