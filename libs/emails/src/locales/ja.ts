import type { EmailCatalog } from './en';

export const ja: EmailCatalog = {
  common: {
    orderRef: '注文 {{orderRef}}',
    item: '商品',
    quantity: '数量',
    price: '価格',
    total: '合計',
    refunded: '返金済み',
    viewOrder: 'ご注文を確認する',
    openInAdmin: '管理画面で支払いを開く',
    footer: 'Storepay · 注文 {{orderRef}} に関するメールです。',
    staffFooter: 'Storepay · ショップの管理者宛てに送信されました。',
  },
  orderConfirmation: {
    subject: 'ご注文 {{orderRef}} を承りました',
    heading: 'ご注文ありがとうございます',
    body: '{{date}}に {{amount}} のお支払いを確認しました。ご注文の内容は次のとおりです。',
    bodyAuthorized:
      '{{date}}に {{amount}} のカードのオーソリを確認しました。ご請求は商品の発送時に行います。ご注文の内容は次のとおりです。',
  },
  refundIssued: {
    subject: '注文 {{orderRef}} の {{amount}} を返金しました',
    heading: '返金の手続きが完了しました',
    bodyFull: 'ご注文の全額 {{amount}} を返金しました。',
    bodyPartial: 'ご注文の {{total}} のうち {{amount}} を返金しました。',
    timing: '返金がお客様の口座に反映されるまで、金融機関により通常5〜10営業日かかります。',
  },
  paymentFailed: {
    subject: '注文 {{orderRef}} のお支払いに失敗しました',
    heading: 'お支払いが完了しませんでした',
    body: '{{amount}} のお支払いを完了できなかったため、ご注文は未払いです。注文ページから再度お支払いいただけます。',
  },
  paymentActionRequired: {
    subject: '注文 {{orderRef}} のお支払いに操作が必要です',
    heading: 'お支払いの手続きが残っています',
    body: '{{amount}} のお支払いを完了するには、もう一つ操作が必要です。注文ページから続けてください。',
  },
  orderExpired: {
    subject: '注文 {{orderRef}} の有効期限が切れました',
    heading: 'ご注文の有効期限が切れました',
    body: '期限内に {{amount}} のお支払いを確認できなかったため、ご注文をキャンセルしました。請求は発生していません。いつでも改めてご注文いただけます。',
  },
  disputeOpened: {
    subject: '不審請求の申し立て: 注文 {{orderRef}} の {{amount}}',
    heading: 'お客様が支払いに異議を申し立てました',
    body: '注文 {{orderRef}} の {{amount}} の支払いに異議が申し立てられました。理由: {{reason}}。',
    deadline: '{{deadline}}までに証拠を提出してください。提出がない場合は申し立てに敗れます。',
    noDeadline: 'Stripe から証拠提出の期限は示されていません。',
  },
  earlyFraudWarning: {
    subject: '注文 {{orderRef}} に不正利用の早期警告',
    heading: 'カード発行会社が不正の可能性を報告しました',
    body: '発行会社が注文 {{orderRef}} の {{amount}} の支払いを報告しました（{{fraudType}}）。今すぐ全額返金すると、異議申し立てとその手数料を避けられます。',
  },
  refundAwaitingApproval: {
    subject: '{{amount}} の返金が承認待ちです（注文 {{orderRef}}）',
    heading: '返金に二人目の承認が必要です',
    body: '注文 {{orderRef}} で {{amount}} の返金が申請され（理由: {{reason}}）、別の管理者の承認を待っています。',
  },
  signInLink: {
    subject: 'Storepay のサインインリンク',
    heading: 'Storepay にサインイン',
    body: '下のボタンからサインインしてください。このリンクは {{minutes}} 分以内に一度だけ使えます。',
    ignore:
      'サインインを依頼していない場合は、このメールを無視してください。このリンクがなければ誰もサインインできません。',
    action: 'サインイン',
    footer: 'Storepay · このアドレスでのサインインが依頼されたため送信しました。',
  },
};
